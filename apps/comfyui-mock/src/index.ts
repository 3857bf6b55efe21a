/**
 * @genonaut/comfyui-mock: a ComfyUI-compatible server that renders real, deterministic PNGs.
 *
 *   const mock = await startComfyMock({ port: 0, stepDelayMs: 0, outputDir: './data/comfyui-mock' });
 *   // ... point a ComfyUI client at mock.url ...
 *   await mock.close();
 */
export {
  startComfyMock,
  isFailureMode,
  FAILURE_MODES,
  DEFAULT_CHECKPOINTS,
  DEFAULT_LORAS,
  type ComfyMock,
  type ComfyMockOptions,
  type ComfyMockState,
  type FailureMode,
  type HistoryEntry,
  type ImageRef,
  type StatusMessage,
  type WsMessage,
} from './server.ts';
export { renderPng, renderRaw, type RenderInput } from './image.ts';
export { nodeDefinitions, validatePrompt, SAMPLERS, SCHEDULERS, type NodeDef, type PromptGraph, type PromptNode } from './nodes.ts';
export { buildTextToImageWorkflow, type TextToImageParams } from './workflow.ts';
