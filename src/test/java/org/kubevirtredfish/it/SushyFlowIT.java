package org.kubevirtredfish.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Ironic's client library drives the whole redfish-virtualmedia flow against the running service
 * (src/test/python/sushy_flow.py). Needs Debian's python3-sushy, which .ci/run installs.
 */
class SushyFlowIT {

    static final Path PYTHON = Path.of(System.getProperty("it.python", "/usr/bin/python3"));

    @Test
    void ironicDeploysADemoVmThroughVirtualMedia() throws IOException, InterruptedException {
        run(new RedfishHttp(), "/redfish/v1/Systems/demo.control-plane-1", "admin", "demo-admin",
                "http://images.example.test/agent.x86_64.iso");
    }

    /** The same flow with backend=kubernetes: fabric8 informers, subresources, CDI DataVolumes (mock cluster). */
    @Test
    void ironicDeploysAKubeVirtVmThroughVirtualMedia() throws IOException, InterruptedException {
        RedfishHttp http = RedfishHttp.kubernetes();
        KubernetesBackendIT.awaitReady(http);
        String image = Files.readString(Path.of(System.getProperty("it.mock.dir"), "image-url")).trim();
        run(http, "/redfish/v1/Systems/cluster.control-plane-0", "admin", "cluster-admin", image);
        // What the cluster saw: the first instance had the CD-ROM with a finished import, the later ones did not boot it.
        JsonNode boots = RedfishHttp.JSON.readTree(URI.create(
                Files.readString(Path.of(System.getProperty("it.mock.dir"), "boots-url")).trim()).toURL());
        List<JsonNode> ours = new ArrayList<>();
        boots.forEach(b -> {
            if (b.get("vm").asText().equals("cluster/control-plane-0")) {
                ours.add(b);
            }
        });
        assertTrue(ours.size() >= 3, "On, GracefulRestart, Ironic's reboot (ForceOff, On): " + ours);
        assertTrue(ours.get(0).get("hasMediaCdrom").asBoolean(), ours.toString());
        assertEquals("Succeeded", ours.get(0).get("dataVolumePhase").asText(), ours.toString());
    }

    static void run(RedfishHttp http, String system, String user, String password, String image)
            throws IOException, InterruptedException {
        assertTrue(Files.isExecutable(PYTHON), PYTHON + " is missing: apt-get install python3-sushy");
        Process p = new ProcessBuilder(PYTHON.toString(), "src/test/python/sushy_flow.py", http.base,
                system, user, password, image)
                .redirectErrorStream(true).start();
        boolean ended = p.waitFor(5, TimeUnit.MINUTES);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.println(out);
        assertTrue(ended, "sushy flow did not end: " + out);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("17 passed, 0 failed"), out);
    }
}
