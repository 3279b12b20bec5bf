import type { Analyzer } from './analyzer';
import { dubboAnalyzer } from './dubbo/analyzer';
import { propertiesAnalyzer } from './dubbo/propertiesAnalyzer';
import { exportsAnalyzer } from './nfs/analyzer';
import { nginxAnalyzer } from './nginx/analyzer';
import { zookeeperAnalyzer } from './zookeeper/analyzer';

/** The analyzers every lint runs, CLI and editor alike (the topology file itself is built in). */
export const defaultAnalyzers: readonly Analyzer[] = [dubboAnalyzer, propertiesAnalyzer, nginxAnalyzer, exportsAnalyzer, zookeeperAnalyzer];
