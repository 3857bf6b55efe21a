import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { Link as RouterLink, useLocation, useSearchParams } from 'react-router';
import { ApiError } from '../../lib/api-client';
import { useAuthActions } from '../../lib/current-user';
import { useDocumentTitle } from '../../lib/use-document-title';

// The server's rules (auth.schemas.ts), checked here too so the form can say what is wrong at once.
const USERNAME = /^[A-Za-z0-9_.-]{3,50}$/;
const EMAIL = /^[^@\s]+@[^@\s]+$/;
const MIN_PASSWORD = 8;

/** `/login` and `/signup` (required auth mode; open mode never shows them, see GuestOnly). */
export default function LoginPage() {
  const { pathname } = useLocation();
  const signup = pathname === '/signup';
  useDocumentTitle(signup ? 'Sign up' : 'Log in');
  const { login, register } = useAuthActions();
  const [params] = useSearchParams();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [touched, setTouched] = useState(false);

  const submit = useMutation({
    meta: { silent: true },
    mutationFn: () => (signup ? register(name.trim(), email.trim(), password) : login(name.trim(), password)),
    // Nothing to navigate on success: GuestOnly sends the now logged-in user on to ?next.
  });

  const errors = signup
    ? {
        name: name && !USERNAME.test(name.trim()) ? '3–50 letters, digits, ".", "-" or "_"' : null,
        email: email && !EMAIL.test(email.trim()) ? 'Enter a valid e-mail address' : null,
        password: password && password.length < MIN_PASSWORD ? `At least ${MIN_PASSWORD} characters` : null,
      }
    : { name: null, email: null, password: null };
  const complete = Boolean(name.trim() && password && (!signup || email.trim()));
  const valid = complete && !errors.name && !errors.email && !errors.password;
  const failure = submit.error instanceof ApiError ? submitMessage(submit.error, signup) : submit.error?.message;
  const next = params.get('next');
  const otherPage = `${signup ? '/login' : '/signup'}${next ? `?next=${encodeURIComponent(next)}` : ''}`;

  return (
    <Box component="main" sx={{ minHeight: '100vh', display: 'grid', placeItems: 'center', p: 2 }}>
      <Card sx={{ width: '100%', maxWidth: 420 }} variant="outlined" data-testid={signup ? 'signup-page' : 'login-page'}>
        <CardContent>
          <Typography variant="h5" component="h1" gutterBottom data-page-heading tabIndex={-1}>
            {signup ? 'Create an account' : 'Log in to Genonaut'}
          </Typography>
          <Stack
            component="form"
            noValidate
            spacing={2}
            onSubmit={(e) => {
              e.preventDefault();
              setTouched(true);
              if (valid && !submit.isPending) submit.mutate();
            }}
          >
            <TextField
              label={signup ? 'Username' : 'Username or e-mail'}
              value={name}
              onChange={(e) => setName(e.target.value)}
              required
              autoFocus
              autoComplete="username"
              error={Boolean(errors.name) || (touched && !name.trim())}
              helperText={errors.name ?? (touched && !name.trim() ? 'Required' : undefined)}
              slotProps={{ htmlInput: { 'data-testid': 'auth-username', maxLength: 255 } }}
            />
            {signup ? (
              <TextField
                label="E-mail"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                required
                autoComplete="email"
                error={Boolean(errors.email) || (touched && !email.trim())}
                helperText={errors.email ?? (touched && !email.trim() ? 'Required' : undefined)}
                slotProps={{ htmlInput: { 'data-testid': 'auth-email', maxLength: 255 } }}
              />
            ) : null}
            <TextField
              label="Password"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              required
              autoComplete={signup ? 'new-password' : 'current-password'}
              error={Boolean(errors.password) || (touched && !password)}
              helperText={errors.password ?? (touched && !password ? 'Required' : signup ? `At least ${MIN_PASSWORD} characters` : undefined)}
              slotProps={{ htmlInput: { 'data-testid': 'auth-password', maxLength: 256 } }}
            />
            {failure ? (
              <Alert severity="error" data-testid="auth-error">
                {failure}
              </Alert>
            ) : null}
            <Button type="submit" variant="contained" disabled={submit.isPending} data-testid="auth-submit">
              {signup ? 'Create account' : 'Log in'}
            </Button>
            <Button component={RouterLink} to={otherPage}>
              {signup ? 'I already have an account' : 'Create an account'}
            </Button>
          </Stack>
        </CardContent>
      </Card>
    </Box>
  );
}

function submitMessage(error: ApiError, signup: boolean): string {
  if (error.status === 401) return 'Wrong username or password.';
  if (error.status === 409) return 'That username or e-mail address is already registered.';
  if (error.status === 429) return error.message;
  if (error.status === 422 || error.status === 400) return signup ? `Check the fields: ${error.message}` : error.message;
  return error.message;
}
