/** MicroProfile Health: started and live once the application runs, ready once the gateway can answer reads. */
package org.kubevirtredfish.health;
