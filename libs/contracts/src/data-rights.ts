/** A member's copy of their data (UK GDPR article 15 and 20). */
export type DataExportStatus = 'pending' | 'ready' | 'failed' | 'expired';

export interface DataExportResponse {
  id: string;
  status: DataExportStatus;
  requestedAt: string;
  readyAt: string | null;
  /** When the download link stops working (7 days after it was ready). */
  expiresAt: string | null;
  /** The signed-in owner's link to the ZIP while it is ready; null otherwise. */
  downloadUrl: string | null;
  /** Bytes of the ZIP once ready. */
  size: number | null;
}

export interface DataExportRequestedResponse {
  id: string;
}

/** Closing one's own account (erasure, UK GDPR article 17). */
export interface CloseAccountRequest {
  password: string;
  /** Keep my library uploads (shown as by "Former member"), or remove them. */
  keepUploads: boolean;
}

/** An admin erases a member on their request. */
export interface EraseUserRequest {
  reason: string;
  keepUploads: boolean;
}

export interface ErasureResponse {
  id: string;
  erased: true;
  uploadsRemoved: number;
}

/** To the member: their export is ready to download. */
export interface DataExportReadyPayload {
  exportId: string;
  expiresAt: string;
}

/** The name every erased account shows where its contributions remain. */
export const FORMER_MEMBER_NAME = 'Former member';
