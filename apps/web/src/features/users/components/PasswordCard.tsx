import { Alert, Box, Button, Card, CardContent, Stack, TextField, Typography } from '@mui/material';
import { useState } from 'react';
import { useAuthActions } from '../../../lib/current-user';
import { useChangePassword } from '../../../api/account';

const MIN_PASSWORD = 8;

/** Required auth mode: change the password (the server ends every other session). */
export function PasswordCard() {
  const change = useChangePassword();
  const { adopt } = useAuthActions();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const tooShort = next.length > 0 && next.length < MIN_PASSWORD;
  const mismatch = repeat.length > 0 && repeat !== next;
  const ready = current && next && repeat && !tooShort && !mismatch;

  return (
    <Card variant="outlined" data-testid="settings-password">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          Password
        </Typography>
        <Box
          component="form"
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!ready) return;
            setDone(false);
            change.mutate(
              { current_password: current, new_password: next },
              {
                onSuccess: (session) => {
                  adopt(session);
                  setCurrent('');
                  setNext('');
                  setRepeat('');
                  setDone(true);
                },
              },
            );
          }}
        >
          <Stack spacing={2} sx={{ maxWidth: 420 }}>
            <TextField label="Current password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required slotProps={{ htmlInput: { 'data-testid': 'password-current' } }} />
            <TextField
              label="New password"
              type="password"
              autoComplete="new-password"
              value={next}
              onChange={(e) => setNext(e.target.value)}
              required
              error={tooShort}
              helperText={`At least ${MIN_PASSWORD} characters`}
              slotProps={{ htmlInput: { 'data-testid': 'password-new' } }}
            />
            <TextField
              label="Repeat the new password"
              type="password"
              autoComplete="new-password"
              value={repeat}
              onChange={(e) => setRepeat(e.target.value)}
              required
              error={mismatch}
              helperText={mismatch ? 'The passwords differ' : undefined}
              slotProps={{ htmlInput: { 'data-testid': 'password-repeat' } }}
            />
            {change.isError ? <Alert severity="error">{change.error.message}</Alert> : null}
            {done ? (
              <Alert severity="success" role="status" data-testid="password-changed">
                Password changed. Other devices have been logged out.
              </Alert>
            ) : null}
            <Box>
              <Button type="submit" variant="contained" disabled={!ready || change.isPending} data-testid="password-submit">
                Change password
              </Button>
            </Box>
          </Stack>
        </Box>
      </CardContent>
    </Card>
  );
}
