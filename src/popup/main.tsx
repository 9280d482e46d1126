import { render } from 'preact';
import '../ui/theme.css';
import './popup.css';
import { App, openWallet } from './App';
import { readPaintedPortfolio } from './models/saved-portfolio';
import { keepFocusInScreen } from '../ui/focus-keeper';

// The popup's copy of the last portfolio is read, and the first questions to the worker leave, before
// the first render: the saved figures are painted as soon as the wallet's state and the network are known.
readPaintedPortfolio();
void openWallet();
const root = document.getElementById('app')!;
render(<App />, root);
keepFocusInScreen(root);
