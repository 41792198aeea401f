import java.lang.reflect.Field;

/**
 * Starts DynamoDB Local as its own main class does, but listening on 127.0.0.1 only: its jar has
 * no option for the address and otherwise listens on every interface. Reflection only (no imports
 * of DynamoDB Local or Jetty), so it compiles with nothing but the JDK.
 *
 * Usage: java -cp DynamoDBLocal.jar:DynamoDBLocal_lib/* LoopbackDynamoDbLocal [its options]
 */
public final class LoopbackDynamoDbLocal {
  public static void main(String[] args) throws Exception {
    Object proxy = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner")
        .getMethod("createServerFromCommandLineArgs", String[].class)
        .invoke(null, (Object) args);
    try {
      // DynamoDBProxyServer keeps its Jetty server in a private field; set each connector's host
      // before start() binds it.
      Field serverField = proxy.getClass().getDeclaredField("server");
      serverField.setAccessible(true);
      Object jetty = serverField.get(proxy);
      Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
      if (connectors.length == 0) throw new NoSuchFieldException("no Jetty connector to bind");
      for (Object connector : connectors) {
        connector.getClass().getMethod("setHost", String.class).invoke(connector, "127.0.0.1");
      }
    } catch (ReflectiveOperationException error) {
      System.err.println(
          "LoopbackDynamoDbLocal: this DynamoDB Local keeps its Jetty server differently ("
              + error + "). Update local/dynamodb/java/LoopbackDynamoDbLocal.java for it.");
      System.exit(2);
    }
    proxy.getClass().getMethod("start").invoke(proxy);
  }
}
