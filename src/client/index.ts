/** Course index page entry (loaded as /@lessondeck/client/index.ts): styles only. */
import './index.css';
