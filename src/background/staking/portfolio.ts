// The portfolio moved to ../portfolio/ (one module per job, one adapter per LST kind); this path
// stays so the wiring and the staking engine import it as before.
export { PortfolioService, type DelayedUnstakeRecord, type StakeRecord } from '../portfolio/portfolio-service';
