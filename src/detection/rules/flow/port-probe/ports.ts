/**
 * Ports whose exposure the port-probe types grade. EMR's: the web UIs and job endpoints of the Hadoop
 * services EMR installs (YARN ResourceManager 8088/8090 and NodeManager 8042, Livy 8998, Spark history
 * 18080 and UI 4040/20888, Hue 8888, Zeppelin 8890, HDFS NameNode 9870/50070 and DataNode 9864/50075,
 * MapReduce history 19888, HBase master 16010, HiveServer2 10000). Elasticsearch's HTTP and transport
 * ports raise the generic type at high severity.
 */
export const EMR_PORTS: ReadonlySet<number> = new Set([4040, 8042, 8088, 8090, 8888, 8890, 8998, 9864, 9870, 10000, 16010, 18080, 19888, 20888, 50070, 50075]);

export const ELASTICSEARCH_PORTS: ReadonlySet<number> = new Set([9200, 9300]);
