// First: the page's requests start before the rest of the code is evaluated (prefetch.ts).
import './prefetch';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/index.css';

const el = document.getElementById('root');
if (!el) throw new Error('index.html lacks #root');
createRoot(el).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
