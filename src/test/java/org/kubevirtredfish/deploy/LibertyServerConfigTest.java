package org.kubevirtredfish.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What liberty/server.xml must keep for the hardening that lives in Liberty's configuration. */
class LibertyServerConfigTest {

    private static Document server() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("liberty/server.xml").toFile());
    }

    private static Element only(Document doc, String tag) {
        NodeList nodes = doc.getElementsByTagName(tag);
        assertEquals(1, nodes.getLength(), tag);
        return (Element) nodes.item(0);
    }

    /** Liberty's FFDC files (one per client that hangs up mid-upload, up to 10 a day) would otherwise stay forever. */
    @Test
    void ffdcFilesAreDeletedAfterADay() throws Exception {
        assertEquals("1d", only(server(), "logging").getAttribute("maxFfdcAge"));
    }

    /** Requests the HTTP channel answers itself reach no filter of ours: its access log is their only trace. */
    @Test
    void theEndpointKeepsABoundedAccessLog() throws Exception {
        Element endpoint = only(server(), "httpEndpoint");
        NodeList logs = endpoint.getElementsByTagName("accessLogging");
        assertEquals(1, logs.getLength());
        Element log = (Element) logs.item(0);
        assertEquals("${server.output.dir}/logs/http_access.log", log.getAttribute("filePath"));
        assertEquals("2", log.getAttribute("maxFiles"));
        assertEquals("10", log.getAttribute("maxFileSize"));
        assertTrue(log.getAttribute("logFormat").contains("%s"), "the status is logged");
    }
}
