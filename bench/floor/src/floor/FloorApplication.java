package floor;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The floor's JAX-RS application at the root, as the service's. */
@ApplicationPath("/")
public class FloorApplication extends Application {
}
