import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerServiceWorker } from './offline/register';
import './styles.css';
import './charts/charts.css';
import './charts/gradients.css';
import { initTheme } from './theme/theme';

// Before the first render: the page paints in the stored (or the system's) theme from the start.
initTheme();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
registerServiceWorker();
