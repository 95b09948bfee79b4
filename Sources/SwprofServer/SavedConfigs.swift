import Foundation
import SwprofCore
import SwprofRender

/// Named configurations, as pprof's web UI CONFIG menu keeps them: the
/// report options of a page saved under a name, listed in every page's
/// Config menu, applied by a link, deleted by a button. They live in the
/// file pprof uses, `$XDG_CONFIG_HOME/pprof/settings.json` (else
/// `$HOME/.config/pprof/settings.json`, as Go's `os.UserConfigDir`), in its
/// format: `{"configs": [{"name": …, "focus": …, "nodecount": …}, …]}`. A
/// user's pprof configurations appear in swprof and the other way round;
/// fields swprof does not know are kept as they are.
struct SavedConfigs: Sendable {
    /// The settings file; nil when there is no configuration directory.
    let file: String?

    init(environment: [String: String]) {
        if let dir = environment["XDG_CONFIG_HOME"], !dir.isEmpty {
            file = dir.hasPrefix("/") ? dir + "/pprof/settings.json" : nil
        } else if let home = environment["HOME"], !home.isEmpty {
            file = home + "/.config/pprof/settings.json"
        } else {
            file = nil
        }
    }

    /// A field pprof saves: its JSON name, URL parameter, kind and default
    /// (pprof's `defaultConfig`, as `fmt.Sprint` prints it).
    struct Field {
        enum Kind { case string, bool, int, float }
        let json: String
        let parameter: QueryParameter
        let kind: Kind
        let defaultValue: String
    }

    /// pprof's saved fields that have a URL parameter, in its order.
    static let fields: [Field] = [
        Field(json: "call_tree", parameter: .callTree, kind: .bool, defaultValue: "false"),
        Field(json: "relative_percentages", parameter: .relativePercentages, kind: .bool, defaultValue: "false"),
        Field(json: "unit", parameter: .unit, kind: .string, defaultValue: "minimum"),
        Field(json: "compact_labels", parameter: .compactLabels, kind: .bool, defaultValue: "false"),
        Field(json: "intel_syntax", parameter: .intelSyntax, kind: .bool, defaultValue: "false"),
        Field(json: "mean", parameter: .mean, kind: .bool, defaultValue: "false"),
        Field(json: "normalize", parameter: .normalize, kind: .bool, defaultValue: "false"),
        Field(json: "sort", parameter: .sort, kind: .string, defaultValue: "flat"),
        Field(json: "drop_negative", parameter: .dropNegative, kind: .bool, defaultValue: "false"),
        Field(json: "nodecount", parameter: .nodeCount, kind: .int, defaultValue: "-1"),
        Field(json: "nodefraction", parameter: .nodeFraction, kind: .float, defaultValue: "0.005"),
        Field(json: "edgefraction", parameter: .edgeFraction, kind: .float, defaultValue: "0.001"),
        Field(json: "trim", parameter: .trim, kind: .bool, defaultValue: "true"),
        Field(json: "focus", parameter: .focus, kind: .string, defaultValue: ""),
        Field(json: "ignore", parameter: .ignore, kind: .string, defaultValue: ""),
        Field(json: "prune_from", parameter: .pruneFrom, kind: .string, defaultValue: ""),
        Field(json: "hide", parameter: .hide, kind: .string, defaultValue: ""),
        Field(json: "show", parameter: .show, kind: .string, defaultValue: ""),
        Field(json: "show_from", parameter: .showFrom, kind: .string, defaultValue: ""),
        Field(json: "tagfocus", parameter: .tagFocus, kind: .string, defaultValue: ""),
        Field(json: "tagignore", parameter: .tagIgnore, kind: .string, defaultValue: ""),
        Field(json: "tagshow", parameter: .tagShow, kind: .string, defaultValue: ""),
        Field(json: "taghide", parameter: .tagHide, kind: .string, defaultValue: ""),
        Field(json: "noinlines", parameter: .noInlines, kind: .bool, defaultValue: "false"),
        Field(json: "showcolumns", parameter: .showColumns, kind: .bool, defaultValue: "false"),
        Field(json: "granularity", parameter: .granularity, kind: .string, defaultValue: ""),
    ]

    /// The configurations in the file, in order: each a JSON object with
    /// its `name`. A missing file holds none.
    /// - Throws: ``ProfileError`` naming the file when it cannot be read or parsed.
    func read() throws -> [[String: Any]] {
        guard let file, let data = FileManager.default.contents(atPath: file) else { return [] }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw ProfileError(.malformed, source: file, "could not parse settings")
        }
        return (object["configs"] as? [[String: Any]]) ?? []
    }

    /// Saves the options of `query` (over the command line's `config`)
    /// under `name`, replacing a configuration of that name.
    func save(name: String, query: WebQuery, config: ReportConfig) throws {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ProfileError(.invalidOption, "invalid config name")
        }
        var current = config
        for setting in query.reportSettings {
            try current.set(setting.variable, to: setting.value)
        }
        var entry: [String: Any] = ["name": name]
        for field in Self.fields {
            guard let variable = ReportConfig.variable(named: field.json) else { continue }
            var text = current.value(of: variable)
            // pprof's granularity is empty unless chosen.
            if field.json == "granularity" && query[.granularity] == nil && text == "functions" { text = "" }
            // `omitempty`: zero values are not written.
            switch field.kind {
            case .string: if !text.isEmpty { entry[field.json] = text }
            case .bool: if text == "true" { entry[field.json] = true }
            case .int: if let v = Int(text), v != 0 { entry[field.json] = v }
            case .float: if let v = Double(text), v != 0 { entry[field.json] = v }
            }
        }
        try edit { configs in
            if let index = configs.firstIndex(where: { ($0["name"] as? String) == name }) {
                configs[index] = entry
            } else {
                configs.append(entry)
            }
        }
    }

    /// Removes configuration `name`.
    func delete(name: String) throws {
        try edit { configs in
            guard let index = configs.firstIndex(where: { ($0["name"] as? String) == name }) else {
                throw ProfileError(.invalidOption, "config \(name) not found")
            }
            configs.remove(at: index)
        }
    }

    private func edit(_ change: (inout [[String: Any]]) throws -> Void) throws {
        guard let file else { throw ProfileError(.invalidOption, "no configuration directory ($XDG_CONFIG_HOME or $HOME)") }
        var object: [String: Any] = [:]
        if let data = FileManager.default.contents(atPath: file) {
            guard let parsed = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ProfileError(.malformed, source: file, "could not parse settings")
            }
            object = parsed
        }
        var configs = (object["configs"] as? [[String: Any]]) ?? []
        try change(&configs)
        object["configs"] = configs
        let directory = (file as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            try data.write(to: URL(fileURLWithPath: file), options: .atomic)
        } catch {
            throw ProfileError(
                .unwritable, source: file, "could not write settings: \(error.localizedDescription)", cause: error)
        }
    }

    /// The Config menu for a page: Default (pprof's defaults), then each
    /// saved configuration, each linking to the page with its options (pprof's
    /// `makeURL`: every saved field set, defaults removed); the last whose
    /// options the page already has is the current one.
    func menu(view: WebView, query: WebQuery) -> ConfigMenu {
        var entries: [ConfigMenu.Entry] = []
        var configs: [[String: Any]] = [["name": "Default"].merging(Self.defaults) { a, _ in a }]
        var problem: String? = nil
        do {
            configs += try read()
        } catch {
            problem = "\(error)"
        }
        var current = -1
        for (index, config) in configs.enumerated() {
            let (target, changed) = Self.apply(config, to: query)
            if !changed { current = index }
            entries.append(ConfigMenu.Entry(name: (config["name"] as? String) ?? "", href: target.url(view.path), deletable: index > 0))
        }
        if current >= 0 { entries[current].current = true }
        return ConfigMenu(entries: entries, view: view.rawValue, query: query.encoded, problem: problem)
    }

    /// pprof's defaults as a saved configuration would hold them.
    static var defaults: [String: Any] { ["unit": "minimum", "nodecount": -1, "nodefraction": 0.005, "edgefraction": 0.001, "trim": true, "sort": "flat"] }

    /// `query` with `config`'s fields; whether anything changed.
    static func apply(_ config: [String: Any], to query: WebQuery) -> (WebQuery, Bool) {
        var result = query
        var changed = false
        for field in fields {
            var value = text(config[field.json], kind: field.kind)
            if value == field.defaultValue {
                value = ""
            } else if field.kind == .bool {
                value = String(value.prefix(1))
            }
            if (query[field.parameter] ?? "") == value { continue }
            changed = true
            result = result.setting(field.parameter, value.isEmpty ? nil : value)
        }
        return (result, changed)
    }

    /// A JSON value as Go's `fmt.Sprint` prints the field (zero when absent).
    static func text(_ value: Any?, kind: Field.Kind) -> String {
        switch kind {
        case .string: return value as? String ?? ""
        case .bool: return (value as? Bool ?? false) ? "true" : "false"
        case .int: return String((value as? NSNumber)?.intValue ?? 0)
        case .float:
            let number = (value as? NSNumber)?.doubleValue ?? 0
            return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
        }
    }
}
