package dev.tapctl.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundlerTest {
    private final Bundler bundler = new Bundler();

    @TempDir
    Path tmp;

    /** A small function folder: handler, a sub-package, and things that must stay out of the zip. */
    private Path sampleFunction(Path parent) throws IOException {
        Path fn = parent.resolve("api");
        write(fn, "handler.py", "import jsonlog\ndef lambda_handler(event, context):\n    return {}\n");
        write(fn, "jsonlog.py", "import json\n");
        write(fn, "lib/__init__.py", "");
        write(fn, "lib/util.py", "X = 1\n");
        write(fn, "lib/deep/more.py", "Y = 2\n");
        write(fn, "testing.py", "# not a test file: kept\n");
        write(fn, "test_handler.py", "import unittest\n");
        write(fn, "lib/test_util.py", "import unittest\n");
        write(fn, "__pycache__/handler.cpython-311.pyc", "bytecode");
        write(fn, "lib/__pycache__/util.cpython-312.pyc", "bytecode");
        write(fn, "stale.pyc", "bytecode");
        write(fn, ".env", "SECRET=1\n");
        write(fn, ".idea/workspace.xml", "<x/>");
        write(fn, "lib/.DS_Store", "junk");
        return fn;
    }

    private static void write(Path dir, String relative, String content) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    /** Entry name -> content, in zip order. */
    private static Map<String, String> contents(byte[] zip) throws IOException {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                entries.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    private static List<ZipEntry> zipEntries(byte[] zip) throws IOException {
        List<ZipEntry> entries = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                in.readAllBytes();
                entries.add(e);
            }
        }
        return entries;
    }

    @Test
    void writesNameDotZipAndReturnsItsHashAndSize() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        FunctionBundle b = bundler.bundle(fn, tmp.resolve("out/nested"));

        assertThat(b.name()).isEqualTo("api");
        assertThat(b.zip()).isEqualTo(tmp.resolve("out/nested/api.zip").toAbsolutePath());
        byte[] bytes = Files.readAllBytes(b.zip());
        assertThat(b.size()).isEqualTo(bytes.length);
        String expected = Base64.getEncoder()
                .encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(b.codeSha256())
                .isEqualTo(expected)
                .isEqualTo(Bundler.codeSha256(bytes))
                .hasSize(44);
        assertThat(bytes).isEqualTo(bundler.zipBytes(fn));
        try (Stream<Path> left = Files.list(b.zip().getParent())) {
            assertThat(left).containsExactly(b.zip()); // no temp file left behind
        }
    }

    @Test
    void sameBytesTwiceAndOverwritesTheEarlierZip() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        FunctionBundle first = bundler.bundle(fn, tmp.resolve("out"));
        byte[] firstBytes = Files.readAllBytes(first.zip());
        FunctionBundle second = bundler.bundle(fn, tmp.resolve("out"));
        assertThat(second).isEqualTo(first);
        assertThat(Files.readAllBytes(second.zip())).isEqualTo(firstBytes);
    }

    @Test
    void sameBytesAfterTouchingTimestampsAndPermissions() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        FunctionBundle before = bundler.bundle(fn, tmp.resolve("out1"));

        try (Stream<Path> all = Files.walk(fn)) {
            for (Path p : all.toList()) {
                Files.setLastModifiedTime(p, FileTime.from(Instant.parse("2031-05-06T07:08:09Z")));
            }
        }
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(fn.resolve("handler.py"), PosixFilePermissions.fromString("rwx------"));
            Files.setPosixFilePermissions(fn.resolve("lib/util.py"), PosixFilePermissions.fromString("rw-rw-rw-"));
        }
        FunctionBundle after = bundler.bundle(fn, tmp.resolve("out2"));
        assertThat(after.codeSha256()).isEqualTo(before.codeSha256());
        assertThat(Files.readAllBytes(after.zip())).isEqualTo(Files.readAllBytes(before.zip()));
    }

    @Test
    void sameBytesFromACopyElsewhereCreatedInAnotherOrder() throws Exception {
        Path original = sampleFunction(tmp.resolve("one"));
        Path copy = tmp.resolve("two/deeper/api");
        List<Path> files;
        try (Stream<Path> all = Files.walk(original)) {
            files = new ArrayList<>(all.filter(Files::isRegularFile).toList());
        }
        java.util.Collections.reverse(files); // different creation (directory) order
        for (Path f : files) {
            Path target = copy.resolve(original.relativize(f).toString());
            Files.createDirectories(target.getParent());
            Files.copy(f, target);
        }
        assertThat(bundler.bundle(copy, tmp.resolve("out2")).codeSha256())
                .isEqualTo(bundler.bundle(original, tmp.resolve("out1")).codeSha256());
    }

    @Test
    void sameBytesInAnyTimeZone() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        TimeZone saved = TimeZone.getDefault();
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
            byte[] east = bundler.zipBytes(fn);
            TimeZone.setDefault(TimeZone.getTimeZone("America/Adak"));
            assertThat(bundler.zipBytes(fn)).isEqualTo(east);
        } finally {
            TimeZone.setDefault(saved);
        }
    }

    @Test
    void aContentChangeChangesTheHashButAnExcludedFileDoesNot() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        String before = bundler.bundle(fn, tmp.resolve("out")).codeSha256();

        write(fn, "test_more.py", "changed tests\n");
        write(fn, "__pycache__/jsonlog.cpython-311.pyc", "new bytecode");
        assertThat(bundler.bundle(fn, tmp.resolve("out")).codeSha256()).isEqualTo(before);

        write(fn, "lib/util.py", "X = 2\n");
        assertThat(bundler.bundle(fn, tmp.resolve("out")).codeSha256()).isNotEqualTo(before);
    }

    @Test
    void includesCodeAndLeavesOutTestsCachesAndDotfiles() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        Map<String, String> zip = contents(bundler.zipBytes(fn));
        assertThat(zip.keySet())
                .containsExactly(
                        "handler.py", "jsonlog.py", "lib/__init__.py", "lib/deep/more.py", "lib/util.py", "testing.py");
        assertThat(zip.get("handler.py")).isEqualTo(Files.readString(fn.resolve("handler.py")));
        assertThat(bundler.entries(fn)).containsExactlyElementsOf(zip.keySet());
    }

    @Test
    void entriesAreSortedFilesOnlyWithSlashes() throws Exception {
        Path fn = tmp.resolve("sorting");
        for (String name : List.of("b.py", "a/z.py", "a.py", "B.py", "a/b/c.py", "a-b.py")) {
            write(fn, name, name);
        }
        List<String> names =
                zipEntries(bundler.zipBytes(fn)).stream().map(ZipEntry::getName).toList();
        assertThat(names)
                .isSorted()
                .doesNotHaveDuplicates()
                .hasSize(6)
                .allSatisfy(n -> assertThat(n).doesNotContain("\\").doesNotEndWith("/"))
                .containsExactly("B.py", "a-b.py", "a.py", "a/b/c.py", "a/z.py", "b.py");
    }

    @Test
    void everyEntryHasTheFixedTimeNoExtraFieldAndIsDeflated() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        byte[] zip = bundler.zipBytes(fn);
        for (ZipEntry e : zipEntries(zip)) {
            assertThat(e.getTimeLocal()).as(e.getName()).isEqualTo(Bundler.ENTRY_TIME);
            assertThat(e.getLastModifiedTime().toInstant()).isNotNull();
            assertThat(e.getExtra()).as(e.getName()).isNull();
            assertThat(e.getMethod()).isEqualTo(ZipEntry.DEFLATED);
        }
        try (var file = new java.util.zip.ZipFile(
                bundler.bundle(fn, tmp.resolve("out")).zip().toFile())) {
            file.stream().forEach(e -> {
                assertThat(e.getExtra()).as(e.getName()).isNull(); // central directory: no extra field either
                assertThat(e.getTimeLocal()).isEqualTo(Bundler.ENTRY_TIME);
            });
        }
    }

    /** Reads the central directory by hand: made on Unix, mode 0644, DOS time 1980-02-01 00:00, no extra field. */
    @Test
    void centralDirectoryRecordsUnixMode0644() throws Exception {
        byte[] zip = bundler.zipBytes(sampleFunction(tmp.resolve("src")));
        int end = zip.length - 22;
        assertThat(le32(zip, end)).isEqualTo(0x06054b50);
        int count = le16(zip, end + 10);
        int p = le32(zip, end + 16);
        assertThat(count).isEqualTo(6);
        for (int i = 0; i < count; i++) {
            assertThat(le32(zip, p)).isEqualTo(0x02014b50);
            assertThat(zip[p + 5]).as("host system of entry %d", i).isEqualTo((byte) 3);
            assertThat(le32(zip, p + 38) >>> 16).isEqualTo(0100644);
            assertThat(le16(zip, p + 12)).as("DOS time").isZero();
            assertThat(le16(zip, p + 14)).as("DOS date 1980-02-01").isEqualTo((0 << 9) | (2 << 5) | 1);
            assertThat(le16(zip, p + 30)).as("extra length").isZero();
            assertThat(le16(zip, p + 32)).as("comment length").isZero();
            p += 46 + le16(zip, p + 28);
        }
        assertThat(le16(zip, end + 20)).as("zip comment length").isZero();
    }

    @Test
    void aMissingFolderIsAnErrorNamingIt() {
        Path missing = tmp.resolve("functions/nope");
        assertThatThrownBy(() -> bundler.bundle(missing, tmp.resolve("out")))
                .isInstanceOf(BundleException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("does not exist");
        assertThat(tmp.resolve("out")).doesNotExist();
    }

    @Test
    void anEmptyFolderOrOneWithOnlyExcludedFilesIsAnErrorNamingIt() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("functions/empty/sub"));
        assertThatThrownBy(() -> bundler.bundle(empty.getParent(), tmp.resolve("out")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(empty.getParent().toString())
                .hasMessageContaining("no file to bundle");

        Path onlyTests = tmp.resolve("functions/tests-only");
        write(onlyTests, "test_x.py", "");
        write(onlyTests, "__pycache__/x.pyc", "");
        assertThatThrownBy(() -> bundler.zipBytes(onlyTests))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(onlyTests.toString());
    }

    @Test
    void aFileInsteadOfAFolderIsAnError() throws Exception {
        Path file = Files.writeString(tmp.resolve("handler.py"), "x");
        assertThatThrownBy(() -> bundler.bundle(file, tmp.resolve("out")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a folder");
    }

    @Test
    void aSymbolicLinkInsideIsRefused() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        try {
            Files.createSymbolicLink(fn.resolve("link.py"), fn.resolve("handler.py"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeThat(false).as("symbolic links unsupported here: " + e).isTrue();
        }
        assertThatThrownBy(() -> bundler.zipBytes(fn))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("link.py")
                .hasMessageContaining("symbolic link");
    }

    @Test
    void anOutputFolderInsideTheFunctionIsRefused() throws Exception {
        Path fn = sampleFunction(tmp.resolve("src"));
        assertThatThrownBy(() -> bundler.bundle(fn, fn.resolve("build")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("inside function folder");
    }

    @Test
    void theProjectsFunctionsBundleWithTheHandlerAtTheRoot() throws Exception {
        Path functions =
                Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("functions");
        for (String name : List.of("api", "worker")) {
            FunctionBundle b = bundler.bundle(functions.resolve(name), tmp.resolve("out"));
            assertThat(b.name()).isEqualTo(name);
            assertThat(b.zip().getFileName()).hasToString(name + ".zip");
            Map<String, String> zip = contents(Files.readAllBytes(b.zip()));
            assertThat(zip).containsKeys("handler.py", "jsonlog.py");
            assertThat(zip.get("handler.py")).contains("def lambda_handler(event, context):");
            assertThat(zip.get("jsonlog.py"))
                    .as("the shared library is what %s ships", name)
                    .isEqualTo(Files.readString(
                            functions.resolve(Bundler.SHARED_LIBRARY).resolve("jsonlog.py")));
            assertThat(zip.keySet())
                    .noneMatch(n -> n.contains("test_")
                            || n.contains("__pycache__")
                            || n.endsWith(".pyc")
                            || n.startsWith(".")
                            || n.contains("/."));
            assertThat(bundler.bundle(functions.resolve(name), tmp.resolve("again"))
                            .codeSha256())
                    .isEqualTo(b.codeSha256());
        }
    }

    /** Two functions beside a shared library holding jsonlog.py, a sub-package, and things left out. */
    private Path functionsWithSharedLibrary() throws IOException {
        Path functions = tmp.resolve("functions");
        write(functions, "api/handler.py", "import jsonlog\n");
        write(functions, "worker/handler.py", "import jsonlog\nimport util.strings\n");
        write(functions, "_shared/jsonlog.py", "import json\n");
        write(functions, "_shared/util/strings.py", "S = 1\n");
        write(functions, "_shared/test_jsonlog.py", "import unittest\n");
        write(functions, "_shared/__pycache__/jsonlog.cpython-312.pyc", "bytecode");
        return functions;
    }

    @Test
    void theSharedLibraryIsInEveryFunctionsZipAtItsRoot() throws Exception {
        Path functions = functionsWithSharedLibrary();
        for (String name : List.of("api", "worker")) {
            Map<String, String> zip = contents(Files.readAllBytes(
                    bundler.bundle(functions.resolve(name), tmp.resolve("out")).zip()));
            assertThat(zip.keySet()).as(name).containsExactly("handler.py", "jsonlog.py", "util/strings.py");
            assertThat(zip.get("jsonlog.py")).isEqualTo("import json\n");
            assertThat(bundler.entries(functions.resolve(name))).containsExactlyElementsOf(zip.keySet());
        }
    }

    @Test
    void aChangeInTheSharedLibraryChangesEveryFunctionsHashAndOnlyThen() throws Exception {
        Path functions = functionsWithSharedLibrary();
        Map<String, String> before = new LinkedHashMap<>();
        for (String name : List.of("api", "worker")) {
            before.put(
                    name,
                    bundler.bundle(functions.resolve(name), tmp.resolve("out")).codeSha256());
            assertThat(bundler.zipBytes(functions.resolve(name)))
                    .as("same bytes run after run")
                    .isEqualTo(Files.readAllBytes(tmp.resolve("out").resolve(name + ".zip")));
        }
        write(functions, "_shared/test_jsonlog.py", "changed tests\n");
        for (String name : before.keySet()) {
            assertThat(bundler.bundle(functions.resolve(name), tmp.resolve("out"))
                            .codeSha256())
                    .isEqualTo(before.get(name));
        }
        write(functions, "_shared/jsonlog.py", "import json\nimport sys\n");
        for (String name : before.keySet()) {
            assertThat(bundler.bundle(functions.resolve(name), tmp.resolve("out"))
                            .codeSha256())
                    .as(name)
                    .isNotEqualTo(before.get(name));
        }
    }

    @Test
    void aFunctionsOwnFileOfASharedFilesPathIsAnErrorNotAnOverride() throws Exception {
        Path functions = functionsWithSharedLibrary();
        write(functions, "api/jsonlog.py", "# a copy of its own\n");
        assertThatThrownBy(() -> bundler.bundle(functions.resolve("api"), tmp.resolve("out")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(functions.resolve("api").toString())
                .hasMessageContaining(functions.resolve("_shared").toString())
                .hasMessageContaining("holds jsonlog.py, which clashes with jsonlog.py")
                .hasMessageContaining("cannot replace a shared one");
        assertThat(tmp.resolve("out")).doesNotExist();
        assertThatThrownBy(() -> bundler.zipBytes(functions.resolve("api"))).isInstanceOf(BundleException.class);
        assertThat(bundler.entries(functions.resolve("worker")))
                .as("the other function is fine")
                .containsExactly("handler.py", "jsonlog.py", "util/strings.py");

        write(functions, "worker/util", "a file where the shared library has a folder\n");
        assertThatThrownBy(() -> bundler.entries(functions.resolve("worker")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("holds util, which clashes with util/strings.py");
    }

    @Test
    void aSharedLibraryThatIsAFileOrHoldsALinkIsRefused() throws Exception {
        Path functions = tmp.resolve("functions");
        write(functions, "api/handler.py", "x");
        write(functions, "_shared", "not a folder");
        assertThatThrownBy(() -> bundler.zipBytes(functions.resolve("api")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("shared library")
                .hasMessageContaining("not a folder");

        Files.delete(functions.resolve("_shared"));
        write(functions, "_shared/jsonlog.py", "x");
        try {
            Files.createSymbolicLink(functions.resolve("_shared/link.py"), functions.resolve("_shared/jsonlog.py"));
        } catch (UnsupportedOperationException | IOException e) {
            assumeThat(false).as("symbolic links unsupported here: " + e).isTrue();
        }
        assertThatThrownBy(() -> bundler.zipBytes(functions.resolve("api")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("shared library " + functions.resolve("_shared"))
                .hasMessageContaining("link.py")
                .hasMessageContaining("symbolic link");
    }

    @Test
    void anOutputFolderInsideTheSharedLibraryIsRefused() throws Exception {
        Path functions = functionsWithSharedLibrary();
        assertThatThrownBy(() -> bundler.bundle(functions.resolve("api"), functions.resolve("_shared/build")))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("inside shared library");
    }

    private static int le16(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    private static int le32(byte[] b, int i) {
        return le16(b, i) | le16(b, i + 2) << 16;
    }
}
