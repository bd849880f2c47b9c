import ConsentGateFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPeopleTags(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntryPoints.peopleTags(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
