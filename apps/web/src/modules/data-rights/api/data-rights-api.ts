import type {
  CloseAccountRequest,
  DataExportRequestedResponse,
  DataExportResponse,
  EraseUserRequest,
  ErasureResponse,
} from '@contracts';
import { api, apiDownload, type DownloadedFile } from '@web/lib/api';

/** Ask for a copy of my data (202; one a day). */
export function requestExport(): Promise<DataExportRequestedResponse> {
  return api.post<DataExportRequestedResponse>('/account/export');
}

export function listExports(signal?: AbortSignal): Promise<{ items: DataExportResponse[] }> {
  return api.get<{ items: DataExportResponse[] }>('/account/exports', undefined, signal);
}

/** The ZIP behind a ready export's `downloadUrl` (it needs my token, which a link cannot send). */
export function downloadExport(downloadUrl: string): Promise<DownloadedFile> {
  return apiDownload(downloadUrl.replace(/^\/api(?=\/)/, ''), 'application/zip');
}

export function closeAccount(request: CloseAccountRequest): Promise<ErasureResponse> {
  return api.delete<ErasureResponse>('/account', request);
}

export function eraseUser(id: string, request: EraseUserRequest): Promise<ErasureResponse> {
  return api.post<ErasureResponse>(`/admin/users/${encodeURIComponent(id)}/erase`, request);
}
