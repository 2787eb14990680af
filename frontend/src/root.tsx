// The application itself (React, every page), a chunk of its own: main.tsx loads it after it has
// started the page's requests, and index.html preloads it (vite.config.ts), so that its download
// and compilation overlap those requests instead of delaying them.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

const el = document.getElementById('root');
if (!el) throw new Error('index.html lacks #root');
createRoot(el).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
