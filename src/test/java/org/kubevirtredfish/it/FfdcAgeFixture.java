package org.kubevirtredfish.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

/**
 * Two FFDC files in the simulator server's logs/ffdc, written before that server starts (pom: exec-maven-plugin,
 * pre-integration-test): one last modified 25 hours ago, one 23 hours ago. The test server runs Liberty's FFDC cleanup
 * at start (src/test/liberty/configDropins/overrides/ffdc-cleanup-at-start.xml), which deletes the files older than
 * server.xml's maxFfdcAge: with "1d" the first goes and the second stays (HardeningIT#ffdcFilesOlderThanADayAreDeleted).
 * Liberty's cleanup takes files named ffdc_*.log by their last-modified time (Open Liberty 26.0.0.5
 * com.ibm.ws.logging.internal.impl.BaseTraceService.TimedFfdcCleanup#run).
 */
public final class FfdcAgeFixture {

    static final String OLDER_THAN_A_DAY = "ffdc_it_25_hours_old.log";
    static final String YOUNGER_THAN_A_DAY = "ffdc_it_23_hours_old.log";

    private FfdcAgeFixture() {
    }

    /** {@code args[0]}: the server's logs/ffdc directory. */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        write(dir.resolve(OLDER_THAN_A_DAY), Duration.ofHours(25));
        write(dir.resolve(YOUNGER_THAN_A_DAY), Duration.ofHours(23));
    }

    private static void write(Path file, Duration age) throws IOException {
        Files.writeString(file, "Written by FfdcAgeFixture for HardeningIT, " + age + " old.\n");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
    }
}
