import { Link } from 'react-router';

export interface StatusFilterOption {
  value: string;
  label: string;
}

export interface StatusFilterProps {
  label: string;
  options: readonly StatusFilterOption[];
  current: string;
  /** Builds the link of an option (a query string on the current page). */
  hrefFor: (value: string) => string;
}

/** Tab-like links that filter a list; the current one carries aria-current. */
export function StatusFilter({ label, options, current, hrefFor }: StatusFilterProps) {
  return (
    <nav className="app-filter" aria-label={label}>
      <ul className="app-filter__list">
        {options.map((option) => {
          const active = option.value === current;
          return (
            <li
              className={`app-filter__item${active ? ' app-filter__item--active' : ''}`}
              key={option.value}
            >
              <Link
                className="govuk-link govuk-link--no-visited-state app-filter__link"
                to={hrefFor(option.value)}
                aria-current={active ? 'page' : undefined}
              >
                {option.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
