import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { wsUrl } from '../../lib/api-client';

export interface JobEvent {
  job_id: number;
  status: string;
  timestamp?: string | null;
  progress?: number;
  content_id?: number;
  output_paths?: string[];
  error?: string;
  message?: string;
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Later events win; a finished job never goes back to running (status-oscillation fix). */
export function mergeJobEvent(prev: JobEvent | null, next: JobEvent): JobEvent {
  if (prev && TERMINAL.has(prev.status) && !TERMINAL.has(next.status) && next.status !== 'pending') return prev;
  if (prev?.timestamp && next.timestamp && next.timestamp < prev.timestamp) return prev;
  return { ...prev, ...next, progress: next.progress ?? (next.status === prev?.status ? prev?.progress : undefined) };
}

/**
 * Live state of one job from /ws/jobs/{id}: real progress percentages as the server reports them.
 * Reconnects with back-off; the caller's query polls as a fallback while the socket is down.
 */
export function useJobProgress(jobId: number | null): { event: JobEvent | null; connected: boolean } {
  const [event, setEvent] = useState<JobEvent | null>(null);
  const [connected, setConnected] = useState(false);
  const qc = useQueryClient();
  const lastStatus = useRef<string | null>(null);

  useEffect(() => {
    setEvent(null);
    lastStatus.current = null;
    if (jobId === null) return;
    let socket: WebSocket | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let ping: ReturnType<typeof setInterval> | undefined;
    let attempts = 0;
    let stopped = false;
    const connect = () => {
      socket = new WebSocket(wsUrl(`/ws/jobs/${jobId}`));
      socket.onopen = () => {
        attempts = 0;
        setConnected(true);
        ping = setInterval(() => socket?.readyState === WebSocket.OPEN && socket.send(JSON.stringify({ type: 'ping' })), 30_000);
      };
      socket.onmessage = (ev) => {
        let msg: JobEvent & { type?: string };
        try {
          msg = JSON.parse(String(ev.data)) as JobEvent & { type?: string };
        } catch {
          return;
        }
        if (msg.type || typeof msg.status !== 'string') return;
        setEvent((prev) => mergeJobEvent(prev, msg));
        if (msg.status !== lastStatus.current) {
          lastStatus.current = msg.status;
          void qc.invalidateQueries({ queryKey: ['generation', 'job', jobId] });
          if (TERMINAL.has(msg.status)) {
            void qc.invalidateQueries({ queryKey: ['generation', 'history'] });
            void qc.invalidateQueries({ queryKey: ['content'] });
          }
        }
      };
      socket.onclose = () => {
        setConnected(false);
        if (ping) clearInterval(ping);
        if (stopped || attempts >= 5 || (lastStatus.current && TERMINAL.has(lastStatus.current))) return;
        attempts += 1;
        timer = setTimeout(connect, 2000 * attempts);
      };
    };
    connect();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (ping) clearInterval(ping);
      socket?.close();
    };
  }, [jobId, qc]);

  return { event, connected };
}
