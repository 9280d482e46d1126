import { render } from 'preact';
import '../ui/theme.css';
import './popup.css';
import { App, openWallet } from './App';
import { prefetchSavedPortfolio } from './models/saved-portfolio';

// The first questions to the worker, and the read of the saved portfolio, leave before the first
// render: the saved figures are painted as soon as the wallet's state and the network are known.
prefetchSavedPortfolio();
void openWallet();
render(<App />, document.getElementById('app')!);
