import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `vite build` writes dist/, which server.js serves. The VITE_PINTEREST_* variables are read at
// build time and baked into the bundle (see src/pinterest-config.js): rebuild after changing them.
export default defineConfig({ plugins: [react()] });
