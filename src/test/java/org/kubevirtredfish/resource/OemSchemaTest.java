package org.kubevirtredfish.resource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Every Oem.KubeVirt object names its type, and $metadata leads to a CSDL that defines exactly its properties. */
class OemSchemaTest {

    private static Document xml(String resource) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream in = OemSchemaTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static List<Element> elements(Document d, String localName) {
        NodeList nodes = d.getElementsByTagNameNS("*", localName);
        List<Element> list = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            list.add((Element) nodes.item(i));
        }
        return list;
    }

    /** The properties the CSDL gives the type of {@code odataType} ("#Namespace.v1_0_0.Type"). */
    private static Set<String> csdlProperties(String odataType) throws Exception {
        String qualified = odataType.substring(1);
        String namespace = qualified.substring(0, qualified.lastIndexOf('.'));
        String type = qualified.substring(qualified.lastIndexOf('.') + 1);
        String unversioned = namespace.substring(0, namespace.indexOf('.'));
        Document metadata = xml("/redfish/metadata.xml");
        Element reference = elements(metadata, "Reference").stream()
                .filter(r -> r.getAttribute("Uri").equals(OemSchema.URI)).findFirst().orElseThrow();
        Set<String> included = new TreeSet<>();
        for (Element include : elements(metadata, "Include")) {
            if (include.getParentNode() == reference) {
                included.add(include.getAttribute("Namespace"));
            }
        }
        assertTrue(included.containsAll(Set.of(namespace, unversioned)), included.toString());
        Document schema = xml(OemSchema.RESOURCE);
        Element s = elements(schema, "Schema").stream().filter(e -> e.getAttribute("Namespace").equals(namespace))
                .findFirst().orElseThrow(() -> new AssertionError(namespace + " not in the CSDL"));
        Element complex = elements(schema, "ComplexType").stream()
                .filter(c -> c.getParentNode() == s && c.getAttribute("Name").equals(type)).findFirst().orElseThrow();
        assertEquals("Resource.OemObject", complex.getAttribute("BaseType"));
        Set<String> properties = new TreeSet<>();
        for (Element p : elements(schema, "Property")) {
            if (p.getParentNode() == complex) {
                properties.add(p.getAttribute("Name"));
            }
        }
        return properties;
    }

    private static void assertDescribed(JsonNode oem) throws Exception {
        String type = oem.path("@odata.type").asText();
        assertTrue(type.startsWith("#"), oem.toString());
        Set<String> sent = new TreeSet<>();
        oem.fieldNames().forEachRemaining(sent::add);
        sent.remove("@odata.type");
        assertEquals(csdlProperties(type), sent);
    }

    @Test
    void systemAndVirtualMediaOemObjectsAreTypedAndDescribed() throws Exception {
        ObjectMapper json = new ObjectMapper();
        try (Fixture f = new Fixture()) {
            assertDescribed(json.readTree((String) f.systems().getSystem(Fixture.OFF_ID).getEntity())
                    .at("/Oem/KubeVirt"));
            String base = "/redfish/v1/Systems/" + Fixture.OFF_ID + "/VirtualMedia";
            assertDescribed(json.readTree((String) f.slot().get(Fixture.OFF_ID, base, "Cd").getEntity())
                    .at("/Oem/KubeVirt"));
        }
    }

    @Test
    void chassisOemTypeIsDescribed() throws Exception {
        assertEquals(Set.of("Namespace"), csdlProperties(OemSchema.CHASSIS));
    }
}
