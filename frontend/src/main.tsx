// The entry: a small chunk that starts the page's requests (prefetch.ts) before the application's
// code (root.tsx: React and the pages, several times larger) is compiled and run.
import './prefetch';
import './styles/index.css';

void import('./root');
