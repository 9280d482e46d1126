import { render } from 'preact';
import '../ui/theme.css';

function Approval() {
  return <main><h1>Tidepool</h1><p>No pending request.</p></main>;
}

render(<Approval />, document.getElementById('app')!);
