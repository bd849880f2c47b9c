import ConsentGateFuzzing

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzExif(_ start: UnsafeRawPointer, _ count: Int) -> CInt {
    FuzzEntryPoints.exif(Array(UnsafeRawBufferPointer(start: start, count: count)))
    return 0
}
