import type { InfiniteData } from '@tanstack/react-query';
import type { MemberProfile, MembersPage } from '@contracts';
import { authStore } from '@web/lib/auth-store';
import type { MeResponse } from '@web/modules/auth/api/auth-api';
import { queryClient } from '@web/lib/query-client';
import { queryKeys } from '@web/lib/query-keys';

export type MemberPages = InfiniteData<MembersPage, string | null>;

/**
 * A newer copy of a profile over a cached one. Realtime copies carry only what every member
 * may see, so a contact field the cached copy had (I am its owner, or an admin) is kept while
 * its visibility is unchanged; the refetch that follows brings the exact answer.
 */
export function mergeProfile(old: MemberProfile | undefined, next: MemberProfile): MemberProfile {
  if (!old || old.id !== next.id) return next;
  const merged: MemberProfile = { ...next };
  const keep = (field: 'email' | 'phone' | 'website') =>
    !(field in next) && field in old && old.visibility[field] === next.visibility[field];
  if (keep('email')) merged.email = old.email;
  if (keep('phone')) merged.phone = old.phone;
  if (keep('website')) merged.website = old.website;
  return merged;
}

/** Puts a profile everywhere it is cached: its own page, my profile, directory results. */
export function patchMemberInCache(member: MemberProfile, mine: boolean): void {
  queryClient.setQueryData<MemberProfile>(queryKeys.memberProfile(member.id), (old) =>
    old ? mergeProfile(old, member) : old,
  );
  if (mine) {
    queryClient.setQueryData<MemberProfile>(queryKeys.memberMe, (old) =>
      old ? mergeProfile(old, member) : old,
    );
    // The account (header, home page) shows some of the same fields.
    const patch: Partial<MeResponse> = {
      name: member.name,
      organisation: member.organisation,
      sector: member.sector,
      country: member.country,
    };
    authStore.patchUser(patch);
    queryClient.setQueryData<MeResponse>(queryKeys.me, (old) => (old ? { ...old, ...patch } : old));
  }
  queryClient.setQueriesData<MemberPages>({ queryKey: queryKeys.memberListsAll }, (old) => {
    if (!old) return old;
    let changed = false;
    const pages = old.pages.map((page) => ({
      ...page,
      items: page.items.map((item) => {
        if (item.id !== member.id) return item;
        changed = true;
        return mergeProfile(item, member);
      }),
    }));
    return changed ? { ...old, pages } : old;
  });
}

/** A profile already loaded in some directory result, to show while the full one loads. */
export function findMemberInLists(id: string): MemberProfile | undefined {
  for (const [, data] of queryClient.getQueriesData<MemberPages>({
    queryKey: queryKeys.memberListsAll,
  })) {
    for (const page of data?.pages ?? []) {
      const found = page.items.find((item) => item.id === id);
      if (found) return found;
    }
  }
  return undefined;
}

/** Whether a directory page or a profile is on screen now (a query with an observer). */
export function isDirectoryOpen(): boolean {
  return queryClient
    .getQueryCache()
    .findAll({ queryKey: queryKeys.membersAll })
    .some((query) => query.getObserversCount() > 0);
}
