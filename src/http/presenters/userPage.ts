import type { UserPageRequest } from '../../queries/index.js';
import type { Link, UserResponse, UserView } from './userResponse.js';
import { userResponse } from './userResponse.js';

export interface UserPage {
  items: UserResponse[];
  total: number;
  /** 1-based page number of this page. */
  page: number;
  size: number;
  links: Link[];
}

/**
 * The original service's page shape, with self/first/last/next/prev links that keep the page size
 * and the filters.
 */
export function userPage(
  result: { items: UserView[]; total: number },
  { skip, limit, ...filters }: UserPageRequest,
  baseUrl: string,
): UserPage {
  const search = Object.entries(filters)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `&${name}=${encodeURIComponent(String(value))}`)
    .join('');
  const at = (offset: number) => `${baseUrl}/users/?skip=${offset}&limit=${limit}${search}`;
  const lastSkip = result.total === 0 ? 0 : Math.floor((result.total - 1) / limit) * limit;
  const links: Link[] = [
    { rel: 'self', href: at(skip), method: 'GET' },
    { rel: 'first', href: at(0), method: 'GET' },
    { rel: 'last', href: at(lastSkip), method: 'GET' },
  ];
  if (skip + limit < result.total) links.push({ rel: 'next', href: at(skip + limit), method: 'GET' });
  if (skip > 0) links.push({ rel: 'prev', href: at(Math.max(0, skip - limit)), method: 'GET' });
  const now = new Date();
  return {
    items: result.items.map((user) => userResponse(user, baseUrl, now)),
    total: result.total,
    page: Math.floor(skip / limit) + 1,
    size: limit,
    links,
  };
}
