import { useEffect } from 'react';

/** Sets the tab title for a page ("Gallery · Genonaut"). */
export function useDocumentTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · Genonaut` : 'Genonaut';
  }, [title]);
}
