import { Alert, Box, Button, Card, CardContent, FormControlLabel, Radio, RadioGroup, Stack, Switch, TextField, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useEffect, useState } from 'react';
import { Link as RouterLink } from 'react-router';
import { NAV_ITEMS, visibleNavItems } from '../../lib/nav-items';
import { PageHeader } from '../../components/PageHeader';
import { ApiError } from '../../lib/api-client';
import { useCurrentUser } from '../../lib/current-user';
import { useThemeMode, type ThemePreference } from '../../lib/theme';
import { useUiSettings, type NavPageKey } from '../../lib/ui-settings';
import { useCurrentProfile, useUpdatePreferences, useUpdateProfile } from '../../api/users';
import { ApiTokensCard } from './components/ApiTokensCard';
import { PasswordCard } from './components/PasswordCard';

const USERNAME = /^[A-Za-z0-9_-]{3,50}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export default function SettingsPage() {
  const profile = useCurrentProfile();
  const save = useUpdateProfile();
  const prefs = useUpdatePreferences();
  const { preference, setPreference } = useThemeMode();
  const { settings, update } = useUiSettings();
  const { mode, isAdmin } = useCurrentUser();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (profile.data) {
      setUsername(profile.data.username);
      setEmail(profile.data.email);
    }
  }, [profile.data]);
  useEffect(() => {
    if (!saved) return;
    const t = setTimeout(() => setSaved(false), 4000);
    return () => clearTimeout(t);
  }, [saved]);

  const usernameError = username && !USERNAME.test(username) ? '3–50 letters, digits, - or _' : null;
  const emailError = email && !EMAIL.test(email) ? 'Enter a valid e-mail address' : null;
  const fieldErrors = save.error instanceof ApiError ? save.error.fieldErrors : {};
  const notificationsOn = profile.data?.preferences?.notifications_enabled !== false;

  return (
    <Box data-testid="settings-page">
      <PageHeader title="Account Settings" documentTitle="Settings" subtitle="Your profile, how the app looks and which pages the sidebar shows." />
      <Stack spacing={2} sx={{ maxWidth: 760 }}>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Profile
            </Typography>
            {profile.isError ? <Alert severity="error">{profile.error.message}</Alert> : null}
            <Box
              component="form"
              noValidate
              onSubmit={(e) => {
                e.preventDefault();
                if (usernameError || emailError || !username || !email) return;
                save.mutate({ username, email }, { onSuccess: () => setSaved(true) });
              }}
            >
              <Stack spacing={2}>
                <TextField label="Username" value={username} onChange={(e) => setUsername(e.target.value)} error={Boolean(usernameError || fieldErrors.username)} helperText={usernameError ?? fieldErrors.username} required slotProps={{ htmlInput: { 'data-testid': 'settings-username' } }} />
                <TextField label="E-mail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} error={Boolean(emailError || fieldErrors.email)} helperText={emailError ?? fieldErrors.email} required slotProps={{ htmlInput: { 'data-testid': 'settings-email' } }} />
                {save.isError && !Object.keys(fieldErrors).length ? <Alert severity="error">{save.error.message}</Alert> : null}
                {saved ? (
                  <Alert severity="success" role="status" data-testid="settings-saved">
                    Profile saved.
                  </Alert>
                ) : null}
                <Box>
                  <Button type="submit" variant="contained" disabled={save.isPending || !profile.data} data-testid="settings-save">
                    Save changes
                  </Button>
                </Box>
              </Stack>
            </Box>
          </CardContent>
        </Card>
        {mode === 'required' ? (
          <>
            <PasswordCard />
            <ApiTokensCard />
          </>
        ) : null}
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Appearance
            </Typography>
            <ToggleButtonGroup exclusive value={preference} onChange={(_e, v: ThemePreference | null) => v && setPreference(v)} aria-label="Theme">
              <ToggleButton value="light" data-testid="settings-theme-light">
                Light
              </ToggleButton>
              <ToggleButton value="dark" data-testid="settings-theme-dark">
                Dark
              </ToggleButton>
              <ToggleButton value="system" data-testid="settings-theme-system">
                System
              </ToggleButton>
            </ToggleButtonGroup>
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Preferences
            </Typography>
            <FormControlLabel
              control={<Switch checked={notificationsOn} disabled={!profile.data || prefs.isPending} onChange={(e) => prefs.mutate({ notifications_enabled: e.target.checked })} />}
              label="Notify me when generations finish or fail"
            />
            <Typography variant="subtitle2" sx={{ mt: 2 }}>
              Image generation backend
            </Typography>
            <RadioGroup row value={settings.backend} onChange={(e) => update({ backend: e.target.value as 'kerniegen' | 'comfyui' })}>
              <FormControlLabel value="kerniegen" control={<Radio />} label="Mock generator (fast, for trying things out)" />
              <FormControlLabel value="comfyui" control={<Radio />} label="ComfyUI" />
            </RadioGroup>
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Typography variant="h6" component="h2" gutterBottom>
              Sidebar pages
            </Typography>
            <Stack>
              {visibleNavItems(NAV_ITEMS, isAdmin).filter((i) => i.hideable).map((i) => (
                <FormControlLabel
                  key={i.key}
                  label={i.label}
                  control={
                    <Switch
                      checked={!settings.hiddenPages.includes(i.key as NavPageKey)}
                      onChange={(e) =>
                        update({ hiddenPages: e.target.checked ? settings.hiddenPages.filter((k) => k !== i.key) : [...settings.hiddenPages, i.key as NavPageKey] })
                      }
                      slotProps={{ input: { 'data-testid': `settings-page-${i.key}` } as React.InputHTMLAttributes<HTMLInputElement> }}
                    />
                  }
                />
              ))}
            </Stack>
            <Typography variant="caption" color="text.secondary">
              Settings is always shown. Hidden pages stay reachable by their address.
            </Typography>
          </CardContent>
        </Card>
        <Card variant="outlined">
          <CardContent>
            <Stack direction="row" spacing={1}>
              <Button component={RouterLink} to="/settings/search-history" variant="outlined">
                Search history
              </Button>
              {isAdmin ? (
                <Button component={RouterLink} to="/settings/analytics" variant="outlined">
                  Analytics
                </Button>
              ) : null}
            </Stack>
          </CardContent>
        </Card>
      </Stack>
    </Box>
  );
}
