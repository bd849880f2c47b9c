/// The repository's own fixtures, named by what each one is for the tests.
/// How each was made, and from whose image, is in Scripts/make-fixtures.sh
/// and Scripts/make-bad.py; the corpus they come from is credited in
/// Fixtures/corpus/README.md.
public enum Fixture {
    // Fixtures/photos: what `make demo` submits.
    /// 1600 px, with the GPS position, camera serial and owner a phone adds;
    /// no one tagged (approved with `nobody: true`).
    public static let schoolTrip = Paths.fixture("photos/school-trip.jpg")
    /// Stored sideways (EXIF orientation 6); no tags.
    public static let sportsDay = Paths.fixture("photos/sports-day.jpg")
    /// Its XMP names Ruby Clarke (P003, whose Facebook consent was declined).
    public static let taggedRuby = Paths.fixture("photos/tagged-ruby.jpg")
    /// A PNG with transparency.
    public static let classFlag = Paths.fixture("photos/class-flag.png")
    /// One face, NASA, public domain (Fixtures/faces/README.md).
    public static let astronaut = Paths.fixture("faces/astronaut.jpg")
    /// A plain landscape declared by a manifest.
    public static let bakeSale = Paths.fixture("photos/bake-sale.jpg")
    public static let photos = Paths.fixture("photos")
    public static let classFlagManifest = Paths.fixture("manifests/class-flag.yaml")

    // Fixtures/register: the demo school's consent register (P001 to P011) and an Arbor export.
    public static let register = Paths.fixture("register/register.csv")
    public static let arborExport = Paths.fixture("register/arbor-export.csv")
    public static let arborMapping = Paths.fixture("register/arbor.yaml")
    public static let registerWithDuplicateID = Paths.fixture("register/broken/duplicate-id.csv")

    // Fixtures/bad: hostile and awkward files.
    public static let bad = Paths.fixture("bad")
    public static let empty = Paths.fixture("bad/empty.jpg")
    /// A phone-style HEIC grid carrying GPS.
    public static let phoneGridWithGPS = Paths.fixture("bad/phone-grid-with-gps.heic")
    public static let smallCropHEIC = Paths.fixture("bad/small-crop.heic")
    public static let grid100Megapixels = Paths.fixture("bad/grid-100-megapixels.heic")
    /// EXIF as a whole APP1 segment inside the HEIF item, with GPS.
    public static let xiaomiExifWithGPS = Paths.fixture("bad/xiaomi-exif-with-gps.heic")
    /// A stored thumbnail that shows something the picture does not.
    public static let thumbnailDiffers = Paths.fixture("bad/thumbnail-differs.heic")
    public static let severalImagesHEIC = Paths.fixture("bad/several-images.heic")
    /// A quarter turn listed before the picture's size (Sony's layout).
    public static let rotationBeforeSize = Paths.fixture("bad/rotation-before-size.heic")
}
