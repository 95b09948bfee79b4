import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Whether `xml` parses as well-formed XML.
func isWellFormedXML(_ xml: String) -> Bool {
    let parser = XMLParser(data: Data(xml.utf8))
    parser.shouldResolveExternalEntities = false
    return parser.parse()
}
