import Testing
@testable import SwprofCore

@Test func errorNamesSource() {
    let e = ProfileError(.empty, "empty input file").naming("heap.out")
    #expect(e.description == "heap.out: empty input file")
}
