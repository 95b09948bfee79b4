import SwprofCore
import SwprofRender

/// What a swprof command line does with its sources: exactly one of these,
/// decided once by ``CommandLineParser`` (which refuses flags that ask for
/// two), and run by ``Swprof`` in one exhaustive switch.
enum RunMode: Equatable {
    /// No source: the web UI on the bundled sample profile.
    case sample(hostPort: String)
    /// `-trend`: the sources are snapshots ranked by growth.
    case trend(TrendOutput)
    /// `-top`, `-peek=RE`, `-svg`, …: print one report.
    case report(ReportCommand, argument: String?)
    /// `-flamegraph`: the flame graph as a standalone SVG.
    case flameGraph(palette: DiffPalette)
    /// `-html=DIR`: every view written as a static site.
    case staticSite(directory: String)
    /// `-http=ADDR`: the web UI (a trace's own UI for a Go execution trace).
    case web(hostPort: String)
    /// No output flag: pprof's interactive shell.
    case shell

    /// Where `-trend` puts its ranking.
    enum TrendOutput: Equatable {
        /// The table on stdout; `-traces` ranks whole stacks.
        case table(stacks: Bool)
        /// The web UI with the Trend view.
        case web(hostPort: String)
        /// A static site with the Trend view.
        case staticSite(directory: String)
    }
}
