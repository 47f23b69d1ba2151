// Typed wrappers over the titularización commands (src-tauri/src/commands/titularizacion.rs).
import { Channel, invoke } from '@tauri-apps/api/core';
import type {
  Analisis,
  Calificacion,
  Detalle,
  ListCursor,
  Progreso,
  ResultadoMonteCarlo,
  TitularizacionListPage,
  TitularizacionQuery,
} from './bindings';

export const titularizacionApi = {
  count: (query: TitularizacionQuery): Promise<number> => invoke<number>('titularizacion_count', { query }),
  page: (query: TitularizacionQuery, after: ListCursor | null, limit: number): Promise<TitularizacionListPage> =>
    invoke<TitularizacionListPage>('titularizacion_page', { query, after, limit }),
  detail: (code: string): Promise<Detalle> => invoke<Detalle>('titularizacion_detail', { code }),
  setFactor: (code: string, factor: string, score: string, evidence: string): Promise<Detalle> =>
    invoke<Detalle>('titularizacion_set_factor', { code, factor, score, evidence }),
  analyze: (code: string, analisis: Analisis): Promise<Calificacion> =>
    invoke<Calificacion>('titularizacion_analyze', { code, analisis }),
  /** Records the analysis the deal is rated with on a committee agenda; returns the deal. */
  recordAnalysis: (code: string, analisis: Analisis): Promise<Detalle> =>
    invoke<Detalle>('titularizacion_record_analysis', { code, analisis }),
  /** Runs the Monte Carlo; `onProgress` receives every finished range of paths. */
  montecarlo: (code: string, analisis: Analisis, run: number, onProgress: (p: Progreso) => void): Promise<ResultadoMonteCarlo> => {
    const progress = new Channel<Progreso>();
    progress.onmessage = onProgress;
    return invoke<ResultadoMonteCarlo>('titularizacion_montecarlo', { code, analisis, run, progress });
  },
  cancelMontecarlo: (run: number): Promise<boolean> => invoke<boolean>('titularizacion_montecarlo_cancel', { run }),
};
