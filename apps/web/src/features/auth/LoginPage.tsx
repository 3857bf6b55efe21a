import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link as RouterLink, useLocation, useNavigate } from 'react-router';
import { api, setAccessToken, unwrap } from '../../lib/api-client';
import { useCurrentUser } from '../../lib/current-user';
import { useDocumentTitle } from '../../lib/use-document-title';

/** Log in (and, on /signup, register) for servers running with auth.mode = required. */
export default function LoginPage() {
  const { pathname } = useLocation();
  const signup = pathname === '/signup';
  useDocumentTitle(signup ? 'Sign up' : 'Log in');
  const { mode } = useCurrentUser();
  const navigate = useNavigate();
  const [login, setLogin] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useMutation({
    meta: { silent: true },
    mutationFn: () =>
      signup
        ? unwrap(api.POST('/api/v1/auth/register', { body: { username: login, email, password } }))
        : unwrap(api.POST('/api/v1/auth/login', { body: { username: login, password } })),
    onSuccess: (session) => {
      setAccessToken(session.access_token);
      navigate('/dashboard');
    },
  });

  return (
    <Box sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }} variant="outlined">
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom>
            {signup ? 'Create an account' : 'Log in to Genonaut'}
          </Typography>
          {mode === 'open' ? (
            <Alert severity="info" sx={{ mb: 2 }}>
              This server runs without accounts; you can use the app right away. <RouterLink to="/dashboard">Go to the dashboard</RouterLink>
            </Alert>
          ) : null}
          <Stack component="form" spacing={2} onSubmit={(e) => (e.preventDefault(), submit.mutate())}>
            <TextField label={signup ? 'Username' : 'Username or e-mail'} value={login} onChange={(e) => setLogin(e.target.value)} required autoComplete="username" />
            {signup ? <TextField label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required autoComplete="email" /> : null}
            <TextField label="Password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} required autoComplete={signup ? 'new-password' : 'current-password'} />
            {submit.isError ? <Alert severity="error">{submit.error.message}</Alert> : null}
            <Button type="submit" variant="contained" disabled={submit.isPending || !login || !password}>
              {signup ? 'Sign up' : 'Log in'}
            </Button>
            <Button component={RouterLink} to={signup ? '/login' : '/signup'}>
              {signup ? 'I have an account' : 'Create an account'}
            </Button>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}
