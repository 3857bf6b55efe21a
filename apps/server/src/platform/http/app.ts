import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
} from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import websocket from '@fastify/websocket';
import FindMyWay from 'find-my-way';
import { PROJECT_ROOT } from '../../config/load-config.ts';
import { StatementTimeoutError } from '../../db/database.ts';
import type { Runtime } from '../runtime.ts';
import { HttpError, RequestValidationError } from './errors.ts';
import { toValidationIssues } from './validation.ts';
import { rejectNonFiniteNumbers } from './finite-numbers.ts';
import { relaxDefaultedFields } from './openapi.ts';

export type TypedApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger, TypeBoxTypeProvider>;

const ROUTABLE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type RoutableMethod = (typeof ROUTABLE_METHODS)[number];
type ShadowRouter = ReturnType<typeof FindMyWay>;

export const WEB_DIST_DIR = path.join(PROJECT_ROOT, 'apps/web/dist');
export const API_VERSION = '1.0.0';

export interface BuildAppOptions {
  /** Registers the module routes on the app (modules/index.ts). */
  registerRoutes: (app: TypedApp) => Promise<void>;
  /** The JSON answer of `/` for API clients (the system module's `SystemService.rootPayload`). */
  rootPayload: () => Promise<Record<string, string>>;
  /** Serve the built web app at `/` (default: when apps/web/dist exists). */
  serveWeb?: boolean;
}

/**
 * CSP hashes ('sha256-…') of the inline scripts in the built index.html (the theme painter that runs
 * before React), so `script-src 'self'` allows exactly those and no other inline code.
 */
export function inlineScriptHashes(html: string): string[] {
  const hashes: string[] = [];
  for (const m of html.matchAll(/<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script\s*>/gi)) {
    const body = m[1] ?? '';
    if (body.trim()) hashes.push(`'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`);
  }
  return hashes;
}

function webInlineScriptHashes(): string[] {
  const index = path.join(WEB_DIST_DIR, 'index.html');
  return existsSync(index) ? inlineScriptHashes(readFileSync(index, 'utf8')) : [];
}

const TIMEOUT_MESSAGE = 'The operation took too long to complete. Please try again or refine your request.';

/** Builds the HTTP server: platform plugins, error mapping, docs, module routes, web app. */
export async function buildApp(runtime: Runtime, options: BuildAppOptions): Promise<TypedApp> {
  const { config } = runtime;
  const api = config.values.api;
  const app = Fastify({
    loggerInstance: runtime.logger as FastifyBaseLogger,
    bodyLimit: api['body-limit-bytes'],
    trustProxy: api['trust-proxy'],
    routerOptions: { ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 },
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    ajv: {
      customOptions: { coerceTypes: 'array', useDefaults: true, removeAdditional: false, allErrors: false },
    },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // A shadow router of every declared route: answers 405 with Allow for a known path and wrong method.
  const shadow = FindMyWay({ ignoreTrailingSlash: true, ignoreDuplicateSlashes: true, maxParamLength: 500 });
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    // Catch-all routes (CORS preflight, static files) would make every path look known.
    if (route.url.includes('*')) return;
    for (const method of methods) {
      if (!ROUTABLE_METHODS.includes(method as RoutableMethod)) continue;
      try {
        shadow.on(method as RoutableMethod, route.url, () => undefined);
      } catch {
        // Same route declared twice with different constraints: one entry is enough for Allow.
      }
    }
  });

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(cors, {
    origin: api['cors-origins'],
    credentials: true,
    methods: ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'],
    maxAge: 600,
  });
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", ...webInlineScriptHashes()],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'", 'ws:', 'wss:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    crossOriginEmbedderPolicy: false,
    // The API is reached from the Vite dev server on another port; images are embedded from it too.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    hsts: config.envTarget.startsWith('cloud-'),
  });
  await app.register(websocket, { options: { maxPayload: 64 * 1024 } });

  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Genonaut API',
        version: API_VERSION,
        description: 'Generative-art catalogue, generation queue and ComfyUI integration (v1, wire-compatible).',
      },
      servers: [],
    },
    transformObject: (documentObject) => relaxDefaultedFields(('openapiObject' in documentObject ? documentObject.openapiObject : {}) ?? {}),
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { validatorUrl: null, deepLinking: true },
    staticCSP: true,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  installErrorHandling(app, runtime, shadow);
  app.addHook('preHandler', rejectNonFiniteNumbers);

  await options.registerRoutes(app);

  const serveWeb = options.serveWeb ?? existsSync(path.join(WEB_DIST_DIR, 'index.html'));
  if (serveWeb) {
    await app.register(fastifyStatic, {
      root: WEB_DIST_DIR,
      prefix: '/',
      wildcard: false,
      index: false,
      maxAge: '1h',
      immutable: false,
      setHeaders: (reply: FastifyReply, filePath: string) => {
        // Vite's hashed assets never change; everything else is revalidated.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) reply.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  app.get('/', { schema: { hide: true } }, async (request: FastifyRequest, reply: FastifyReply) => {
    if (serveWeb && prefersHtml(request)) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return options.rootPayload();
  });
  if (serveWeb) webFallback(app);
  return app;
}

export function prefersHtml(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return accept.includes('text/html');
}


const NON_WEB_PREFIXES = ['/api/', '/ws/', '/docs', '/openapi.json', '/health', '/admin/queues'];

/** Client-side routes of the SPA (`/gallery?…`, `/view/12`) get index.html. */
function webFallback(app: TypedApp): void {
  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'GET' || !prefersHtml(request)) return;
    const url = request.url.split('?')[0];
    if (url === '/' || NON_WEB_PREFIXES.some((p) => url.startsWith(p))) return;
    if (path.extname(url)) {
      const file = path.join(WEB_DIST_DIR, path.normalize(decodeURIComponent(url)).replace(/^(\.\.[/\\])+/, ''));
      if (file.startsWith(WEB_DIST_DIR) && existsSync(file)) return;
    }
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}

function installErrorHandling(app: TypedApp, runtime: Runtime, shadow: ShadowRouter): void {
  app.setNotFoundHandler(async (request: FastifyRequest, reply: FastifyReply) => {
    const url = request.url.split('?')[0];
    const allowed = ROUTABLE_METHODS.filter((m) => shadow.find(m, url) !== null);
    if (allowed.length > 0 && !allowed.includes(request.method as RoutableMethod)) {
      return reply.code(405).header('allow', allowed.join(', ')).send({ detail: 'Method Not Allowed' });
    }
    return reply.code(404).send({ detail: 'Not Found' });
  });

  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error.validation) {
      const context = error.validationContext ?? 'body';
      const data =
        context === 'querystring' ? request.query : context === 'params' ? request.params : context === 'headers' ? request.headers : request.body;
      return reply.code(422).send({ detail: toValidationIssues(error.validation, context, data) });
    }
    if (error instanceof RequestValidationError) return reply.code(422).send({ detail: error.issues });
    if (error instanceof HttpError) {
      for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
      return reply.code(error.statusCode).send({ detail: error.detail });
    }
    if (error instanceof StatementTimeoutError) {
      request.log.warn({ query: error.query }, 'statement timeout');
      return reply.code(504).send({
        error_type: 'statement_timeout',
        message: TIMEOUT_MESSAGE,
        timeout_duration: runtime.config.values.database['statement-timeout'],
        details: { context: { path: request.url.split('?')[0], method: request.method } },
      });
    }
    switch (error.code) {
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
      case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
        return reply.code(422).send({
          detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: error.message } }],
        });
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return reply.code(422).send({ detail: [{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }] });
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return reply.code(415).send({ detail: `Unsupported media type: ${request.headers['content-type'] ?? ''}` });
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return reply.code(413).send({ detail: 'Request body is too large' });
    }
    if (error instanceof SyntaxError) {
      return reply.code(422).send({
        detail: [{ type: 'json_invalid', loc: ['body', 0], msg: 'JSON decode error', input: {}, ctx: { error: error.message } }],
      });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ detail: error.message });
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send({ detail: 'Internal Server Error' });
  });
}
