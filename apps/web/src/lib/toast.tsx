import { Alert, AlertTitle, Button, Snackbar } from '@mui/material';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';

export type ToastSeverity = 'error' | 'warning' | 'info' | 'success';

export interface Toast {
  id: number;
  message: string;
  title?: string;
  detail?: string;
  severity: ToastSeverity;
  action?: { label: string; run: () => void };
}

type ToastInput = Omit<Toast, 'id'>;

// Errors stay until dismissed; the others fade after a while.
const AUTO_HIDE: Record<ToastSeverity, number | null> = { error: null, warning: 8000, info: 6000, success: 4000 };

type Listener = (t: Toast) => void;
const listeners = new Set<Listener>();
let nextId = 1;

/** Shows a toast from anywhere (API error handlers live outside React). */
export function showToast(input: ToastInput): void {
  const toast = { ...input, id: nextId++ };
  for (const l of listeners) l(toast);
}

const ToastContext = createContext<(t: ToastInput) => void>(showToast);
export const useToast = () => useContext(ToastContext);

export function ToastProvider({ children }: { children: ReactNode }) {
  const [queue, setQueue] = useState<Toast[]>([]);
  useEffect(() => {
    const listener: Listener = (t) =>
      setQueue((q) => (q.some((x) => x.message === t.message && x.severity === t.severity) ? q : [...q, t]).slice(-5));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  }, []);
  const current = queue[0];
  const dismiss = useCallback(() => setQueue((q) => q.slice(1)), []);
  const value = useMemo(() => showToast, []);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <Snackbar
        key={current?.id}
        open={Boolean(current)}
        anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}
        autoHideDuration={current ? AUTO_HIDE[current.severity] : null}
        onClose={(_e, reason) => {
          if (reason !== 'clickaway') dismiss();
        }}
      >
        {current ? (
          <Alert
            data-testid="global-toast"
            severity={current.severity}
            variant="filled"
            onClose={dismiss}
            sx={{ maxWidth: 480 }}
            action={
              current.action ? (
                <Button
                  color="inherit"
                  size="small"
                  onClick={() => {
                    current.action?.run();
                    dismiss();
                  }}
                >
                  {current.action.label}
                </Button>
              ) : undefined
            }
          >
            {current.title ? <AlertTitle>{current.title}</AlertTitle> : null}
            {current.message}
            {current.detail ? <div style={{ opacity: 0.85, fontSize: '0.8em', marginTop: 4 }}>{current.detail}</div> : null}
          </Alert>
        ) : undefined}
      </Snackbar>
    </ToastContext.Provider>
  );
}
