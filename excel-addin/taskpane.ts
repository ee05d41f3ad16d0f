// Entry of the Excel task pane: the shared panel on the Excel bridge, once Office is ready.
import { mountPanel } from '../panel/panel';
import { excelBridge } from './excel-bridge';

Office.onReady(() => mountPanel(document, excelBridge((batch) => Excel.run(batch))));
