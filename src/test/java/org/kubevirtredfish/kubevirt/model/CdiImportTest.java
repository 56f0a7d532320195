package org.kubevirtredfish.kubevirt.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** CDI v1.66.0 DataVolume statuses per import outcome, and how KubeVirt v1.9.0 reads them. */
class CdiImportTest {

    private static final URI IMAGE = URI.create("https://images.example.test/agent.iso");

    private static List<String> phases(List<DataVolumeStatus> statuses) {
        return statuses.stream().map(DataVolumeStatus::phase).toList();
    }

    @Test
    void successGoesThroughScheduledAndProgressToSucceededWithBoundReadyRunningConditions() {
        List<DataVolumeStatus> s = CdiImport.statuses("media", IMAGE, ImportOutcome.SUCCESS, false);
        assertEquals(List.of("Pending", "ImportScheduled", "ImportInProgress", "ImportInProgress", "ImportInProgress",
                "Succeeded"), phases(s));
        assertEquals(List.of("N/A", "N/A", "N/A", "35.50%", "80.00%", "100.0%"),
                s.stream().map(DataVolumeStatus::progress).toList());
        DataVolumeStatus done = s.get(s.size() - 1);
        assertEquals(List.of("Bound", "Ready", "Running"), done.conditions().stream().map(Condition::type).toList());
        assertTrue(Condition.has(done.conditions(), "Ready", "True"));
        assertTrue(Condition.has(s.get(3).conditions(), "Running", "True"));
        // KubeVirt: Provisioning while importing, ready afterwards
        assertTrue(DataVolumeRules.provisioning(s.get(3).view("media")));
        assertFalse(DataVolumeRules.provisioning(done.view("media")));
        assertTrue(DataVolumeRules.readyForPod(done.view("media")));
        s.forEach(st -> assertTrue(DataVolumeRules.error(st.view("media")).isEmpty(), st.toString()));
    }

    @ParameterizedTest
    @EnumSource(value = ImportOutcome.class, names = {"HTTP_NOT_FOUND", "TLS_FAILURE", "DNS_FAILURE"})
    void unreachableImagesNeverReachFailedButRunningFalseErrorWithGrowingRestarts(ImportOutcome outcome) {
        List<DataVolumeStatus> s = CdiImport.statuses("media", IMAGE, outcome, false);
        assertFalse(phases(s).contains("Failed"));
        DataVolumeStatus last = s.get(s.size() - 1);
        assertEquals("ImportInProgress", last.phase());
        Condition running = Condition.find(last.conditions(), "Running").orElseThrow();
        assertEquals("False", running.status());
        assertEquals("Error", running.reason());
        assertTrue(running.message().startsWith("Unable to connect to http data source: "), running.message());
        assertEquals(1, last.restartCount());
        assertEquals(4, CdiImport.retry("media", IMAGE, outcome, 4).restartCount());
        // KubeVirt counts it as a DataVolumeError at once, not Provisioning
        VmView stopped = VmView.of("vm", RunStrategy.Halted).withDataVolumes(last.view("media"));
        assertEquals(PrintableStatus.DataVolumeError, PrintableStatusRules.of(stopped));
    }

    @Test
    void failureMessagesAreTheImportersTerminationMessages() {
        assertEquals("Unable to connect to http data source: expected status code 200, got 404. Status: 404 Not Found",
                CdiImport.failureMessage(IMAGE, ImportOutcome.HTTP_NOT_FOUND));
        assertTrue(CdiImport.failureMessage(IMAGE, ImportOutcome.DNS_FAILURE)
                .endsWith("dial tcp: lookup images.example.test: no such host"));
        assertTrue(CdiImport.failureMessage(IMAGE, ImportOutcome.TLS_FAILURE).contains("x509"));
        assertThrows(IllegalArgumentException.class, () -> CdiImport.retry("media", IMAGE, ImportOutcome.SUCCESS, 1));
    }

    @Test
    void checksumMismatchIsFatalFailedWithReasonChecksumError() {
        List<DataVolumeStatus> s = CdiImport.statuses("media", IMAGE, ImportOutcome.CHECKSUM_MISMATCH, false);
        DataVolumeStatus last = s.get(s.size() - 1);
        assertEquals("Failed", last.phase());
        assertEquals("ChecksumError", Condition.find(last.conditions(), "Running").orElseThrow().reason());
        assertEquals("DataVolume media is in Failed phase", DataVolumeRules.error(last.view("media")).orElseThrow());
    }

    @Test
    void waitForFirstConsumerStopsThereAndIsNeitherProvisioningNorError() {
        assertTrue(CdiImport.waitsForFirstConsumer(true, Map.of()));
        assertFalse(CdiImport.waitsForFirstConsumer(true, Map.of(CdiImport.IMMEDIATE_BINDING, "true")));
        assertFalse(CdiImport.waitsForFirstConsumer(true, Map.of(CdiImport.IMMEDIATE_BINDING, "")), "any value");
        assertFalse(CdiImport.waitsForFirstConsumer(false, Map.of()));
        List<DataVolumeStatus> s = CdiImport.statuses("media", IMAGE, ImportOutcome.SUCCESS, true);
        assertEquals(List.of("Pending", "WaitForFirstConsumer"), phases(s));
        DataVolumeView wffc = s.get(1).view("media");
        assertFalse(DataVolumeRules.provisioning(wffc));
        assertTrue(DataVolumeRules.readyForPod(wffc));
        assertEquals(PrintableStatus.Stopped,
                PrintableStatusRules.of(VmView.of("vm", RunStrategy.Halted).withDataVolumes(wffc)));
    }

    @Test
    void succeededDataVolumesAreNotGarbageCollectedInV166() {
        assertFalse(CdiImport.garbageCollected(Map.of()));
        assertFalse(CdiImport.garbageCollected(Map.of("cdi.kubevirt.io/storage.deleteAfterCompletion", "true")));
    }

    @Test
    void filesystemOverheadIsSixPercentByDefault() {
        assertEquals(0.06, CdiImport.DEFAULT_FILESYSTEM_OVERHEAD);
        long need = CdiImport.requiredFilesystemBytes(940, CdiImport.DEFAULT_FILESYSTEM_OVERHEAD);
        assertEquals(1000, need);
    }
}
