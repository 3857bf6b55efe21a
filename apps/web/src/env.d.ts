/** Injected by vite.config.ts from config/base.json (demo.admin-user-id). */
declare const __DEMO_USER_ID__: string;
