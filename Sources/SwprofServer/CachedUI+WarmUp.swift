import SwprofCore
import SwprofRender
import SwprofViews

extension CachedUI {
    /// The pages computed in the background once the server listens, so that
    /// the first visits find them ready: the landing Flame Graph, Top and
    /// Graph, then Top, Flame Graph and Graph for every sample type (the `si`
    /// menu; Top's first walk sums every sample type's nodes, which the
    /// other types' Top and Graph then share).
    var warmUpPages: [(view: WebView, query: WebQuery)] {
        var pages: [(view: WebView, query: WebQuery)] = [(.flamegraph, WebQuery()), (.top, WebQuery()), (.graph, WebQuery())]
        for type in views.input.profile.sampleTypes.map(\.type) {
            let query = WebQuery().setting(.sampleIndex, type)
            pages.append((.top, query))
            pages.append((.flamegraph, query))
            pages.append((.graph, query))
        }
        return pages
    }

    /// Computes `warmUpPages` one after another at background priority,
    /// each once no request is waiting for a page: the warm-up uses the
    /// cores only when requests do not, and a computation it started pauses
    /// while requests wait for other pages (`gate`). A request for a page
    /// being warmed up waits for that computation instead of starting its
    /// own, and the computation stops pausing (see `PageCache`).
    func warmUp() {
        let pages = warmUpPages
        Task.detached(priority: .background) { [self] in
            for page in pages {
                while requests.value > 0 {
                    try? await Task.sleep(nanoseconds: 50_000_000)
                }
                _ = await self.page(view: page.view, query: page.query, background: true)
            }
        }
    }
}
