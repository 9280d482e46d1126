import { render } from 'preact';
import '../ui/theme.css';
import './popup.css';
import { App, openWallet } from './App';

// The first questions to the worker leave before the first render: the saved portfolio is painted
// as soon as the wallet's state and the network are known.
void openWallet();
render(<App />, document.getElementById('app')!);
