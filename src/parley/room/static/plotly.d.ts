// The part of plotly.js the room page uses. plotly.min.js (served by the app from the plotly package)
// is a classic script that sets window.Plotly before the page's modules run.

/** A trace of a chart (only the fields the room page sets). */
interface PlotlyTrace {
  type: "scatter";
  mode: "lines+markers" | "markers";
  /** The legend's name (plotly names a trace without one). */
  name: string | null;
  x: (number | null)[];
  y: (number | null)[];
  text?: string[];
  hovertemplate?: string;
  marker?: { size?: number; symbol?: string; color?: string; line?: { color: string; width: number } };
}

/** A chart's layout (loosely: plotly takes many more fields). */
type PlotlyLayout = Record<string, unknown>;

/** A chart's options. */
interface PlotlyConfig {
  displayModeBar?: boolean;
  responsive?: boolean;
}

interface PlotlyStatic {
  /** Draw (or redraw in place) ``traces`` in ``root``. */
  react(root: HTMLElement, traces: PlotlyTrace[], layout: PlotlyLayout, config?: PlotlyConfig): Promise<HTMLElement>;
}

interface Window {
  /** Absent when plotly.min.js did not load. */
  Plotly?: PlotlyStatic;
}
