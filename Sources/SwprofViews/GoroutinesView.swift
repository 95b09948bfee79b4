import SwprofCore
import SwprofRender

/// The Goroutines view (goroutine profiles and dumps): identical stacks of
/// file:line frames grouped, with counts, states and waits.
enum GoroutinesView: PageView {
    static func content(of ui: WebUI, query: WebQuery, search: Pattern?) -> ViewContent {
        // Lines granularity keeps each frame's file:line.
        let context = prepared(ui, ui.input, query: query)
        var content = ViewContent(context)
        content.legend = context.basicLegend
        if !GoroutineGroups.applies(to: ui.input.profile) {
            content.body = "<p class=\"empty\">No goroutines here: this is not a goroutine profile "
                + "(<code>/debug/pprof/goroutine</code>, or a <code>debug=2</code> dump).</p>"
        } else if context.prepared != nil {
            content.body = GoroutinesPage(
                groups: groups(ui, context), links: ui.links(context), limit: ui.limits.rows(query, default: 200),
                search: search
            ).body(renderer: ui.renderer)
        }
        return content
    }

    /// `input` prepared for the view: as `-traces` at lines granularity.
    static func prepared(_ ui: WebUI, _ input: ViewInput, query: WebQuery) -> ViewContext {
        ViewContext(input: input, base: ui.config, query: query, command: .traces) {
            $0.granularity = .lines
        }
    }

    /// The groups. With a base (`-base`, or `-trend`'s first snapshot) the
    /// groups are the new profile's goroutines, each with its change since
    /// the base: a difference profile holds changes, not goroutines, and its
    /// counts would read as goroutines.
    static func groups(_ ui: WebUI, _ context: ViewContext) -> GoroutineGroups {
        // Preparation keeps the goroutines recorded without a stack (as
        // pprof 1.27 keeps every sample of a profile no filter touches).
        func groups(_ side: ViewContext) -> GoroutineGroups? {
            side.prepared.map { GoroutineGroups(profile: $0.profile, sampleIndex: $0.options.sampleIndex) }
        }
        if let comparison = ui.input.comparison {
            func side(_ profile: Profile) -> ViewContext {
                prepared(ui, .init(profile: profile, name: ui.input.name), query: context.query)
            }
            if let new = groups(side(comparison.new)), let base = groups(side(comparison.base)) {
                return new.comparing(against: base)
            }
        }
        return groups(context) ?? GoroutineGroups(profile: Profile(), sampleIndex: 0)
    }
}
