package oracle; public class Oracle { public static void main(String[] a) {} }
