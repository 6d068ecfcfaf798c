import type { RetentionResponse, RetentionRunResponse, UpdateRetentionRequest } from '@contracts';
import { api } from '@web/lib/api';

export function getRetention(signal?: AbortSignal): Promise<RetentionResponse> {
  return api.get<RetentionResponse>('/admin/retention', undefined, signal);
}

export function updateRetention(request: UpdateRetentionRequest): Promise<RetentionResponse> {
  return api.put<RetentionResponse>('/admin/retention', request);
}

export function runRetention(): Promise<RetentionRunResponse> {
  return api.post<RetentionRunResponse>('/admin/retention/run');
}
