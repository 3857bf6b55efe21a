import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  IconButton,
  InputAdornment,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { formatDateTime } from '../../../lib/format';
import { useApiTokens, useCreateApiToken, useRevokeApiToken, type ApiTokenInfo, type CreatedApiToken } from '../../../api/account';

/** Required auth mode: tokens for scripts. The secret is shown once, right after creation. */
export function ApiTokensCard() {
  const tokens = useApiTokens(true);
  const create = useCreateApiToken();
  const revoke = useRevokeApiToken();
  const [name, setName] = useState('');
  const [days, setDays] = useState('');
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [copied, setCopied] = useState(false);
  const [revoking, setRevoking] = useState<ApiTokenInfo | null>(null);
  const daysNumber = days.trim() === '' ? null : Number(days);
  const daysError = daysNumber !== null && (!Number.isInteger(daysNumber) || daysNumber < 1 || daysNumber > 3650);

  const copy = async (secret: string) => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };

  return (
    <Card variant="outlined" data-testid="settings-api-tokens">
      <CardContent>
        <Typography variant="h6" component="h2" gutterBottom>
          API tokens
        </Typography>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 2 }}>
          For scripts: send <code>Authorization: Bearer &lt;token&gt;</code>. A token acts as you until it expires or you revoke it.
        </Typography>
        <Stack
          component="form"
          direction={{ xs: 'column', sm: 'row' }}
          spacing={1}
          sx={{ alignItems: { sm: 'flex-start' } }}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim() || daysError) return;
            setCopied(false);
            create.mutate(
              { name: name.trim(), expires_in_days: daysNumber },
              {
                onSuccess: (token) => {
                  setCreated(token);
                  setName('');
                  setDays('');
                },
              },
            );
          }}
        >
          <TextField size="small" label="Token name" value={name} onChange={(e) => setName(e.target.value)} required slotProps={{ htmlInput: { maxLength: 100, 'data-testid': 'token-name' } }} />
          <TextField
            size="small"
            label="Expires after (days)"
            value={days}
            onChange={(e) => setDays(e.target.value)}
            error={daysError}
            helperText={daysError ? '1–3650, or empty for never' : 'Empty: never'}
            slotProps={{ htmlInput: { inputMode: 'numeric', 'data-testid': 'token-days' } }}
          />
          <Button type="submit" variant="contained" disabled={!name.trim() || daysError || create.isPending} data-testid="token-create">
            Create token
          </Button>
        </Stack>
        {create.isError ? (
          <Alert severity="error" sx={{ mt: 2 }}>
            {create.error.message}
          </Alert>
        ) : null}
        {created ? (
          <Alert severity="success" sx={{ mt: 2 }} onClose={() => setCreated(null)} data-testid="token-created">
            <Typography variant="body2" gutterBottom>
              Token “{created.name}” created. Copy it now: it will not be shown again.
            </Typography>
            <TextField
              fullWidth
              size="small"
              value={created.token}
              slotProps={{
                htmlInput: { readOnly: true, 'data-testid': 'token-secret', onFocus: (e: React.FocusEvent<HTMLInputElement>) => e.target.select() },
                input: {
                  endAdornment: (
                    <InputAdornment position="end">
                      <Tooltip title={copied ? 'Copied' : 'Copy'}>
                        <IconButton aria-label="Copy the token" onClick={() => void copy(created.token)} data-testid="token-copy">
                          <ContentCopyIcon fontSize="small" />
                        </IconButton>
                      </Tooltip>
                    </InputAdornment>
                  ),
                },
              }}
            />
            {copied ? (
              <Typography variant="caption" role="status">
                Copied to the clipboard.
              </Typography>
            ) : null}
          </Alert>
        ) : null}
        <Box sx={{ mt: 2, overflowX: 'auto' }}>
          {tokens.isError ? <Alert severity="error">{tokens.error.message}</Alert> : null}
          {tokens.data && tokens.data.length === 0 ? <Typography color="text.secondary">No tokens yet.</Typography> : null}
          {tokens.data && tokens.data.length > 0 ? (
            <Table size="small" data-testid="token-list">
              <TableHead>
                <TableRow>
                  <TableCell>Name</TableCell>
                  <TableCell>Token</TableCell>
                  <TableCell>Created</TableCell>
                  <TableCell>Expires</TableCell>
                  <TableCell>Last used</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {tokens.data.map((t) => (
                  <TableRow key={t.id}>
                    <TableCell>{t.name}</TableCell>
                    <TableCell>
                      <code>{t.prefix}_…</code>
                    </TableCell>
                    <TableCell>{formatDateTime(t.created_at)}</TableCell>
                    <TableCell>{t.expires_at ? formatDateTime(t.expires_at) : 'Never'}</TableCell>
                    <TableCell>{t.last_used_at ? formatDateTime(t.last_used_at) : 'Never'}</TableCell>
                    <TableCell align="right">
                      {t.revoked ? (
                        <Chip size="small" label="Revoked" />
                      ) : (
                        <Button size="small" color="error" onClick={() => setRevoking(t)} data-testid={`token-revoke-${t.id}`}>
                          Revoke
                        </Button>
                      )}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          ) : null}
        </Box>
      </CardContent>
      <ConfirmDialog
        open={revoking !== null}
        title="Revoke this token?"
        confirmLabel="Revoke"
        destructive
        busy={revoke.isPending}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSettled: () => setRevoking(null) })}
      >
        Scripts using “{revoking?.name}” stop working at once.
      </ConfirmDialog>
    </Card>
  );
}
