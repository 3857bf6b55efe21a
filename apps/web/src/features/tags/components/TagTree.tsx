import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import { Box, Checkbox, IconButton, Typography } from '@mui/material';
import { useRef, type KeyboardEvent } from 'react';
import type { FlatTag, TagIndex } from '../../../lib/tag-tree';

interface Props {
  index: TagIndex;
  expanded: Set<string>;
  onToggleExpand: (id: string) => void;
  selected: Set<string>;
  onToggleSelect: (tag: FlatTag) => void;
  onOpen: (tag: FlatTag) => void;
}

/**
 * An ARIA tree: ↑/↓ move, → expands or enters, ← collapses or goes to the parent, Space selects,
 * Enter opens the tag page. Expanding never selects; selecting never navigates.
 */
export function TagTree({ index, expanded, onToggleExpand, selected, onToggleSelect, onOpen }: Props) {
  const ref = useRef<HTMLUListElement>(null);
  const visible: { tag: FlatTag; depth: number }[] = [];
  const walk = (parent: string | null, depth: number, seen: Set<string>) => {
    for (const t of index.children.get(parent) ?? []) {
      if (seen.has(t.id)) continue;
      visible.push({ tag: t, depth });
      if (expanded.has(t.id)) walk(t.id, depth + 1, new Set([...seen, t.id]));
    }
  };
  walk(null, 0, new Set());

  const focusAt = (i: number) => ref.current?.querySelectorAll<HTMLElement>('[role="treeitem"]')[i]?.focus();

  const onKey = (e: KeyboardEvent, i: number, tag: FlatTag, hasChildren: boolean) => {
    const isOpen = expanded.has(tag.id);
    switch (e.key) {
      case 'ArrowDown':
        focusAt(Math.min(visible.length - 1, i + 1));
        break;
      case 'ArrowUp':
        focusAt(Math.max(0, i - 1));
        break;
      case 'ArrowRight':
        if (hasChildren && !isOpen) onToggleExpand(tag.id);
        else if (hasChildren) focusAt(i + 1);
        break;
      case 'ArrowLeft':
        if (isOpen) onToggleExpand(tag.id);
        else if (tag.parent) focusAt(visible.findIndex((v) => v.tag.id === tag.parent));
        break;
      case ' ':
        onToggleSelect(tag);
        break;
      case 'Enter':
        onOpen(tag);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  return (
    <Box component="ul" role="tree" aria-label="Tag hierarchy" aria-multiselectable ref={ref} sx={{ listStyle: 'none', m: 0, p: 0 }} data-testid="tag-tree">
      {visible.map(({ tag, depth }, i) => {
        const hasChildren = (index.children.get(tag.id)?.length ?? 0) > 0;
        const isSel = selected.has(tag.id);
        return (
          <Box
            component="li"
            key={tag.id}
            role="treeitem"
            aria-level={depth + 1}
            aria-expanded={hasChildren ? expanded.has(tag.id) : undefined}
            aria-selected={isSel}
            tabIndex={i === 0 ? 0 : -1}
            onKeyDown={(e) => onKey(e, i, tag, hasChildren)}
            data-testid="tag-tree-node"
            data-tag-id={tag.id}
            sx={{
              display: 'flex',
              alignItems: 'center',
              pl: depth * 2.5,
              borderRadius: 1,
              bgcolor: isSel ? 'action.selected' : undefined,
              '&:hover': { bgcolor: 'action.hover' },
              '&:focus-visible': { outline: 2, outlineColor: 'primary.main', outlineStyle: 'solid' },
            }}
          >
            <IconButton size="small" tabIndex={-1} aria-label={expanded.has(tag.id) ? `Collapse ${tag.name}` : `Expand ${tag.name}`} onClick={() => onToggleExpand(tag.id)} sx={{ visibility: hasChildren ? 'visible' : 'hidden' }} data-testid="tag-tree-toggle">
              {expanded.has(tag.id) ? <ExpandMoreIcon fontSize="small" /> : <ChevronRightIcon fontSize="small" />}
            </IconButton>
            <Checkbox size="small" checked={isSel} tabIndex={-1} onChange={() => onToggleSelect(tag)} slotProps={{ input: { 'aria-label': `Select ${tag.name}` } }} />
            <Typography
              component="button"
              tabIndex={-1}
              onClick={() => onToggleSelect(tag)}
              sx={{ all: 'unset', cursor: 'pointer', flex: 1, py: 0.5, fontWeight: isSel ? 600 : 400, color: isSel ? 'primary.main' : 'text.primary' }}
            >
              {tag.name}
              {hasChildren ? (
                <Typography component="span" variant="caption" color="text.secondary" sx={{ ml: 1 }}>
                  {index.children.get(tag.id)?.length}
                </Typography>
              ) : null}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}
