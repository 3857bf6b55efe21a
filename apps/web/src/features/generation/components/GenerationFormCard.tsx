import AddIcon from '@mui/icons-material/Add';
import CloseIcon from '@mui/icons-material/Close';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  CircularProgress,
  IconButton,
  MenuItem,
  Paper,
  Slider,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { useUiSettings } from '../../../lib/ui-settings';
import { useStoredState } from '../../../lib/use-stored-state';
import { useCheckpoints, useCreateJob } from '../../../api/generation';
import { buildJobBody, DEFAULT_FORM, SAMPLERS, SCHEDULERS, SIZE_PRESETS, validateForm, type FormErrors, type GenerationForm } from '../generation-form';
import { LoraDialog, loraLabel } from './LoraDialog';

function isForm(v: unknown): v is GenerationForm {
  return typeof v === 'object' && v !== null && typeof (v as GenerationForm).prompt === 'string';
}

export function GenerationFormCard({ onSubmitted }: { onSubmitted: (job: { id: number }) => void }) {
  const [stored, setStored] = useStoredState<GenerationForm>('generation-form', DEFAULT_FORM, isForm);
  const form = { ...DEFAULT_FORM, ...stored };
  const [errors, setErrors] = useState<FormErrors>({});
  const [loraOpen, setLoraOpen] = useState(false);
  const checkpoints = useCheckpoints();
  const create = useCreateJob();
  const { settings } = useUiSettings();
  const items = checkpoints.data?.items ?? [];
  const checkpoint = form.checkpoint || items[0]?.path || '';
  const checkpointId = items.find((c) => c.path === checkpoint)?.id;

  const set = <K extends keyof GenerationForm>(key: K, value: GenerationForm[K]) => {
    setStored({ ...form, checkpoint, [key]: value });
    if (errors[key]) setErrors({ ...errors, [key]: undefined });
  };
  const num = (key: 'width' | 'height' | 'batch_size' | 'seed' | 'steps' | 'cfg') => ({
    value: Number.isFinite(form[key]) ? form[key] : '',
    onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(key, e.target.value === '' ? Number.NaN : Number(e.target.value)),
    error: Boolean(errors[key]),
    helperText: errors[key],
  });

  const submit = () => {
    const full = { ...form, checkpoint };
    const found = validateForm(full);
    setErrors(found);
    if (Object.values(found).some(Boolean)) return;
    create.mutate(buildJobBody(full, settings.backend), {
      onSuccess: onSubmitted,
      onError: (err) => {
        if (err instanceof ApiError) setErrors((e) => ({ ...e, ...(err.fieldErrors as FormErrors) }));
      },
    });
  };

  const reset = () => {
    setStored({ ...DEFAULT_FORM, checkpoint });
    setErrors({});
  };
  const [lastReset, setLastReset] = useState<GenerationForm | null>(null);

  return (
    <Card variant="outlined">
      <CardContent>
        <Box component="form" noValidate onSubmit={(e) => (e.preventDefault(), submit())} data-testid="generation-form">
          <Stack spacing={2}>
            <TextField
              label="Prompt"
              multiline
              minRows={4}
              required
              placeholder="Describe the image you want to generate…"
              value={form.prompt}
              onChange={(e) => set('prompt', e.target.value)}
              error={Boolean(errors.prompt)}
              helperText={errors.prompt}
              slotProps={{ htmlInput: { 'data-testid': 'generation-prompt', maxLength: 10000 } }}
            />
            <TextField label="Negative prompt" multiline minRows={2} value={form.negative_prompt} onChange={(e) => set('negative_prompt', e.target.value)} slotProps={{ htmlInput: { 'data-testid': 'generation-negative-prompt' } }} />
            <TextField
              select
              label="Checkpoint model"
              value={items.some((c) => c.path === checkpoint) ? checkpoint : ''}
              onChange={(e) => set('checkpoint', e.target.value)}
              error={Boolean(errors.checkpoint)}
              helperText={errors.checkpoint ?? (checkpoints.isPending ? 'Loading models…' : undefined)}
              slotProps={{ htmlInput: { 'data-testid': 'generation-checkpoint' } }}
            >
              {items.map((c) => (
                <MenuItem key={c.id} value={c.path}>
                  {c.name || c.filename || c.path}
                  {c.description ? (
                    <Typography component="span" color="text.secondary" sx={{ ml: 1 }} noWrap>
                      – {c.description}
                    </Typography>
                  ) : null}
                </MenuItem>
              ))}
            </TextField>
            <Box>
              <Stack direction="row" sx={{ alignItems: 'center', justifyContent: 'space-between' }}>
                <Typography variant="subtitle2">LoRA models</Typography>
                <Button startIcon={<AddIcon />} onClick={() => setLoraOpen(true)} data-testid="generation-add-lora">
                  Add LoRA
                </Button>
              </Stack>
              <Stack spacing={1}>
                {form.loras.map((l, i) => (
                  <Paper key={l.name} variant="outlined" sx={{ p: 1.5 }}>
                    <Stack direction="row" sx={{ alignItems: 'center' }}>
                      <Typography sx={{ flex: 1 }} noWrap>
                        {l.label}
                      </Typography>
                      {l.trigger_words.length ? (
                        <Button size="small" onClick={() => set('prompt', [form.prompt.trim(), ...l.trigger_words].filter(Boolean).join(', '))}>
                          Add trigger words
                        </Button>
                      ) : null}
                      <IconButton size="small" aria-label={`Remove ${l.label}`} onClick={() => set('loras', form.loras.filter((_, j) => j !== i))}>
                        <CloseIcon fontSize="small" />
                      </IconButton>
                    </Stack>
                    {(['strength_model', 'strength_clip'] as const).map((k) => (
                      <Stack key={k} direction="row" spacing={2} sx={{ alignItems: 'center' }}>
                        <Typography variant="caption" sx={{ width: 110 }} id={`${l.name}-${k}`}>
                          {k === 'strength_model' ? 'Model' : 'CLIP'} strength {l[k].toFixed(2)}
                        </Typography>
                        <Slider
                          size="small"
                          min={0}
                          max={3}
                          step={0.05}
                          value={l[k]}
                          onChange={(_e, v) => set('loras', form.loras.map((x, j) => (j === i ? { ...x, [k]: v as number } : x)))}
                          aria-labelledby={`${l.name}-${k}`}
                        />
                      </Stack>
                    ))}
                  </Paper>
                ))}
              </Stack>
            </Box>
            <Box>
              <Typography variant="subtitle2" gutterBottom>
                Size
              </Typography>
              <Stack direction="row" sx={{ flexWrap: 'wrap', gap: 1, mb: 1.5 }}>
                {SIZE_PRESETS.map((p) => (
                  <Chip
                    key={p.label}
                    label={`${p.label} ${p.width}×${p.height}`}
                    color={form.width === p.width && form.height === p.height ? 'primary' : 'default'}
                    onClick={() => setStored({ ...form, checkpoint, width: p.width, height: p.height })}
                  />
                ))}
              </Stack>
              <Stack direction="row" spacing={2}>
                <TextField label="Width" type="number" {...num('width')} slotProps={{ htmlInput: { step: 64, min: 64, max: 2048 } }} />
                <TextField label="Height" type="number" {...num('height')} slotProps={{ htmlInput: { step: 64, min: 64, max: 2048 } }} />
                <TextField label="Batch size" type="number" {...num('batch_size')} slotProps={{ htmlInput: { min: 1, max: 8 } }} />
              </Stack>
            </Box>
            <Accordion defaultExpanded disableGutters variant="outlined">
              <AccordionSummary expandIcon={<ExpandMoreIcon />}>Advanced settings</AccordionSummary>
              <AccordionDetails>
                <Box sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '1fr 1fr' }, gap: 2 }}>
                  <TextField label="Seed" type="number" {...num('seed')} helperText={errors.seed ?? '-1 picks a random seed'} />
                  <TextField label="Steps" type="number" {...num('steps')} slotProps={{ htmlInput: { min: 1, max: 150, 'data-testid': 'generation-steps' } }} />
                  <TextField label="CFG scale" type="number" {...num('cfg')} slotProps={{ htmlInput: { min: 1, max: 20, step: 0.5 } }} />
                  <Box>
                    <Typography variant="caption" id="denoise-label">
                      Denoise {form.denoise.toFixed(2)}
                    </Typography>
                    <Slider min={0} max={1} step={0.01} value={form.denoise} onChange={(_e, v) => set('denoise', v as number)} aria-labelledby="denoise-label" />
                  </Box>
                  <TextField select label="Sampler" value={form.sampler} onChange={(e) => set('sampler', e.target.value)}>
                    {SAMPLERS.map(([v, l]) => (
                      <MenuItem key={v} value={v}>
                        {l}
                      </MenuItem>
                    ))}
                  </TextField>
                  <TextField select label="Scheduler" value={form.scheduler} onChange={(e) => set('scheduler', e.target.value)}>
                    {SCHEDULERS.map(([v, l]) => (
                      <MenuItem key={v} value={v}>
                        {l}
                      </MenuItem>
                    ))}
                  </TextField>
                </Box>
              </AccordionDetails>
            </Accordion>
            {Object.values(errors).some(Boolean) ? (
              <Alert severity="error" role="alert" aria-live="assertive">
                Please fix the highlighted fields.
              </Alert>
            ) : null}
            {create.isError ? (
              <Alert
                severity="error"
                role="alert"
                aria-live="assertive"
                action={
                  <Button color="inherit" size="small" onClick={submit}>
                    Retry
                  </Button>
                }
              >
                {create.error instanceof ApiError && create.error.status === 503 ? 'Image generation is temporarily unavailable. ' : ''}
                {create.error.message}
              </Alert>
            ) : null}
            {lastReset ? (
              <Alert
                severity="info"
                action={
                  <Button color="inherit" size="small" onClick={() => (setStored(lastReset), setLastReset(null))}>
                    Undo
                  </Button>
                }
              >
                Form reset to defaults.
              </Alert>
            ) : null}
            <Stack direction="row" spacing={1}>
              <Button variant="outlined" onClick={() => (setLastReset(form), reset())} sx={{ flex: 1 }}>
                Reset
              </Button>
              <Button
                type="submit"
                variant="contained"
                disabled={!form.prompt.trim() || create.isPending}
                aria-busy={create.isPending}
                sx={{ flex: 4 }}
                data-testid="generate-button"
                startIcon={create.isPending ? <CircularProgress size={18} color="inherit" /> : undefined}
              >
                {create.isPending ? 'Generating…' : 'Generate'}
              </Button>
            </Stack>
          </Stack>
        </Box>
        <LoraDialog
          open={loraOpen}
          checkpointId={checkpointId}
          selected={form.loras.map((l) => l.name)}
          onClose={() => setLoraOpen(false)}
          onToggle={(l) =>
            set(
              'loras',
              form.loras.some((x) => x.name === l.path)
                ? form.loras.filter((x) => x.name !== l.path)
                : [...form.loras, { name: l.path, label: loraLabel(l), strength_model: 1, strength_clip: 1, trigger_words: l.trigger_words ?? [] }],
            )
          }
        />
      </CardContent>
    </Card>
  );
}
