package org.kubevirtredfish.kubevirt.fabric8;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.kubevirt.GatewayException;

/** The size probe against a local image server, and the storage derived from its answer. */
class Fabric8ImageProbeTest {

    private final ImageServer images = new ImageServer();
    private final HttpImageProbe probe = new HttpImageProbe(ImageImportOptions.defaults()
            .withAddresses(ImageServer.POLICY));

    @AfterEach
    void stop() {
        images.close();
    }

    @Test
    void headTellsTheContentLength() {
        assertEquals(OptionalLong.of(ImageServer.SIZE), probe.size(images.url("/isos/agent.iso")));
        assertEquals("HEAD /isos/agent.iso", images.requests.get(0));
    }

    @Test
    void aServerRefusingHeadIsAskedForTheFirstByte() {
        assertEquals(OptionalLong.of(ImageServer.SIZE), probe.size(images.url("/nohead/agent.iso")));
        assertEquals("GET /nohead/agent.iso bytes=0-0", images.requests.get(1));
    }

    @Test
    void noContentLengthIsAnUnknownSize() {
        assertEquals(OptionalLong.empty(), probe.size(images.url("/nolength/agent.iso")));
    }

    @Test
    void httpErrorsAndUnreachableServersAreRefusedWithTheirOriginOnly() {
        for (String path : new String[] {"/missing/a.iso?token=s3cr3t", "/forbidden/a.iso", "/broken/a.iso"}) {
            var e = assertThrows(GatewayException.ImageUnavailable.class, () -> probe.size(images.url(path)));
            assertTrue(e.httpStatus() >= 400, path);
            assertEquals("http://127.0.0.1:" + images.url("/").getPort(), e.origin());
            assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        }
        var e = assertThrows(GatewayException.ImageUnavailable.class,
                () -> probe.size(ImageServer.closedPort("/a.iso")));
        assertEquals(0, e.httpStatus());
    }

    @Test
    void storageIsTheImagePlusTenPercentAnd64MiInWholeMi() {
        Fabric8Options options = Fabric8Options.defaults();
        URI image = URI.create("http://h/a.iso");
        assertEquals("1164Mi", ImageSizing.storageRequest(image, OptionalLong.of(ImageServer.SIZE), options));
        assertEquals("65Mi", ImageSizing.storageRequest(image, OptionalLong.of(1), options));
        assertEquals("10Gi", ImageSizing.storageRequest(image, OptionalLong.empty(), options));
        assertThrows(GatewayException.ImageTooLarge.class,
                () -> ImageSizing.storageRequest(image, OptionalLong.of(ImageServer.HUGE), options));
        Fabric8Options small = options.withImports(new ImageImportOptions(Duration.ofSeconds(1), false, null, null,
                "1Gi", Duration.ofMinutes(1)));
        assertThrows(GatewayException.ImageTooLarge.class,
                () -> ImageSizing.storageRequest(image, OptionalLong.of(ImageServer.SIZE * 2), small));
    }
}
