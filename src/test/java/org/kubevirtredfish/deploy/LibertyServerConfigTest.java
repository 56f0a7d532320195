package org.kubevirtredfish.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.kubevirtredfish.liberty.ChannelErrorPagesInitializer;
import org.kubevirtredfish.liberty.ModuleErrorPagesInitializer;
import org.kubevirtredfish.liberty.OpenApiMethodsInitializer;
import org.kubevirtredfish.liberty.UndecodableUriInitializer;
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

    /**
     * mpOpenAPI's web modules get the 405 filter through BELL: the feature, the library, its ServiceLoader file, and
     * the initializer's context roots equal to the document's and the UI's paths. The same file names the initializer
     * that gives the HTTP channel's own error answers their Redfish bodies.
     */
    @Test
    void mpOpenApisWebModulesGetTheMethodFilterThroughBell() throws Exception {
        Document server = server();
        List<String> features = new ArrayList<>();
        NodeList names = server.getElementsByTagName("feature");
        for (int i = 0; i < names.getLength(); i++) {
            features.add(names.item(i).getTextContent().strip());
        }
        assertTrue(features.contains("bells-1.0"), features.toString());
        assertTrue(features.contains("mpOpenAPI-4.0"), "the document stays mpOpenAPI's: " + features);

        Element openapi = only(server, "mpOpenAPI");
        assertEquals(OpenApiMethodsInitializer.OPENAPI_CONTEXTS,
                java.util.Set.of(openapi.getAttribute("docPath"), openapi.getAttribute("uiPath")));

        Element bell = only(server, "bell");
        assertEquals("jakarta.servlet.ServletContainerInitializer", bell.getAttribute("service"));
        Element library = only(server, "library");
        assertEquals(library.getAttribute("id"), bell.getAttribute("libraryRef"));
        assertEquals("${liberty.extension.jar}", ((Element) library.getElementsByTagName("file").item(0))
                .getAttribute("name"));
        assertEquals(List.of(OpenApiMethodsInitializer.class.getName(), ChannelErrorPagesInitializer.class.getName(),
                UndecodableUriInitializer.class.getName(), ModuleErrorPagesInitializer.class.getName()),
                java.nio.file.Files.readAllLines(Path.of(
                "src/main/liberty-extension/META-INF/services/jakarta.servlet.ServletContainerInitializer")));
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
